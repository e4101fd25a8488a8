// POST /api/language (the language switch's form): the choice in a cookie for a year, back to the
// page it came from; bad input gets a JSON 400 and no cookie; never a redirect off the site.
import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/language/route';

const post = (body: string, type = 'application/x-www-form-urlencoded') =>
  POST(new Request('http://localhost/api/language', { method: 'POST', headers: { 'content-type': type }, body }));

describe('POST /api/language', () => {
  it('sets nowline-lang for a year (SameSite=Lax) and goes back with 303', async () => {
    const res = await post('lang=zh-CN&back=%2Fadmin');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^nowline-lang=zh-CN; /);
    expect(cookie).toContain(`Max-Age=${365 * 24 * 3600}`);
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
  });

  it('goes to the homepage when no page is named', async () => {
    const res = await post('lang=en');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(/^nowline-lang=en; /);
  });

  it('refuses a language it does not have, with a JSON 400 and no cookie', async () => {
    for (const body of ['lang=fr', 'lang=', '', 'lang=zh-CN%3B%20Path%3D%2Fx']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect((await res.json()).error).toMatchObject({ code: 'invalid_request', fields: [{ field: 'lang' }] });
    }
  });

  it('refuses to send the browser to another site', async () => {
    for (const back of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', '/a b']) {
      const res = await post(`lang=en&back=${encodeURIComponent(back)}`);
      expect(res.status, back).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('wants a form: JSON is 415, an oversized body 413', async () => {
    expect((await post('{"lang":"en"}', 'application/json')).status).toBe(415);
    expect((await post(`lang=en&back=/${'a'.repeat(4000)}`)).status).toBe(413);
  });
});

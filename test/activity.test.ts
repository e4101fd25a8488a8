import { describe, expect, it } from 'vitest';
import { buildActivity, DEFAULT_EXPIRY_MS, isStopReport } from '@/lib/status/activity';
import { ApiError } from '@/lib/errors';
import type { Activity } from '@/lib/status/schema';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('buildActivity', () => {
  it('applies the default expiry per kind', () => {
    expect(buildActivity({ kind: 'coding', project: 'p' }, undefined, NOW, 'api').expiresAt).toBe(at(DEFAULT_EXPIRY_MS.coding));
    expect(buildActivity({ kind: 'gaming', name: 'g' }, undefined, NOW, 'api').expiresAt).toBe(at(5 * 60_000));
    expect(buildActivity({ kind: 'app', name: 'a' }, undefined, NOW, 'api').expiresAt).toBe(at(5 * 60_000));
    expect(buildActivity({ kind: 'music', title: 't' }, undefined, NOW, 'api').expiresAt).toBe(at(90_000));
  });

  it('expires music at track end + 30 s when duration and position are known', () => {
    const a = buildActivity({ kind: 'music', title: 't', durationMs: 200_000, positionMs: 50_000 }, undefined, NOW, 'api');
    expect(a.expiresAt).toBe(at(150_000 + 30_000));
  });

  it('keeps a manual status until `until`, or until cleared', () => {
    expect(buildActivity({ kind: 'manual', text: 'x', until: at(3600_000) }, undefined, NOW, 'admin').expiresAt).toBe(at(3600_000));
    expect(buildActivity({ kind: 'manual', text: 'x' }, undefined, NOW, 'admin').expiresAt).toBeNull();
  });

  it('refuses a manual `until` in the past, naming the field', () => {
    try {
      buildActivity({ kind: 'manual', text: 'x', until: at(-1000) }, undefined, NOW, 'admin');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(400);
      expect((e as ApiError).fields?.[0]?.field).toBe('until');
    }
  });

  it('honours a report’s own expiresInSeconds', () => {
    expect(buildActivity({ kind: 'coding', project: 'p', expiresInSeconds: 60 }, undefined, NOW, 'api').expiresAt).toBe(at(60_000));
  });

  it('keeps startedAt while the same project continues, and restarts it for a new one', () => {
    const first = buildActivity({ kind: 'coding', project: 'nowline', editor: 'vim' }, undefined, NOW, 'api');
    const same = buildActivity({ kind: 'coding', project: 'nowline', editor: 'vim', language: 'Go' }, first, NOW + 60_000, 'api');
    expect(same.startedAt).toBe(first.startedAt);
    expect(same.updatedAt).toBe(at(60_000));
    const other = buildActivity({ kind: 'coding', project: 'other', editor: 'vim' }, same, NOW + 120_000, 'api');
    expect(other.startedAt).toBe(at(120_000));
  });

  it('starts anew when the previous activity had already expired', () => {
    const first = buildActivity({ kind: 'app', name: 'Figma' }, undefined, NOW, 'api');
    const later = buildActivity({ kind: 'app', name: 'Figma' }, first, NOW + 6 * 60_000, 'api');
    expect(later.startedAt).toBe(at(6 * 60_000));
  });

  it('uses the report’s source when it names one, else the default', () => {
    expect(buildActivity({ kind: 'app', name: 'x', source: 'kizuna' }, undefined, NOW, 'api').source).toBe('kizuna');
    expect(buildActivity({ kind: 'app', name: 'x' }, undefined, NOW, 'api').source).toBe('api');
  });

  it('does not store expiresInSeconds or other transport fields', () => {
    const a = buildActivity({ kind: 'gaming', name: 'x', expiresInSeconds: 30 }, undefined, NOW, 'api') as Activity & Record<string, unknown>;
    expect(a).not.toHaveProperty('expiresInSeconds');
  });
});

describe('isStopReport', () => {
  it('treats music with playing: false as a stop', () => {
    expect(isStopReport({ kind: 'music', playing: false })).toBe(true);
    expect(isStopReport({ kind: 'music', playing: true, title: 'x' })).toBe(false);
    expect(isStopReport({ kind: 'app', name: 'x' })).toBe(false);
  });
});

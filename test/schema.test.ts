import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/errors';
import { MAX_TEXT, parseIngestBody } from '@/lib/status/schema';

function fieldsOf(body: unknown): string[] {
  const parsed = parseIngestBody(body);
  if (parsed.success) return [];
  return (ApiError.fromZod(parsed.error).fields ?? []).map((f) => f.field);
}

describe('parseIngestBody', () => {
  it('accepts one activity or a list', () => {
    const one = parseIngestBody({ kind: 'coding', language: 'TypeScript', project: 'nowline' });
    expect(one.success && one.data).toEqual([{ kind: 'coding', language: 'TypeScript', project: 'nowline' }]);
    const many = parseIngestBody({ activities: [{ kind: 'app', name: 'Figma' }, { kind: 'music', title: 'Song', playing: true }] });
    expect(many.success && many.data.map((a) => a.kind)).toEqual(['app', 'music']);
  });

  it('names the field when the kind is unknown', () => {
    expect(fieldsOf({ kind: 'sleeping' })).toEqual(['kind']);
    expect(fieldsOf({})).toEqual(['kind']);
  });

  it('names the field for wrong types and over-long text', () => {
    expect(fieldsOf({ kind: 'music', title: 42 })).toEqual(['title']);
    expect(fieldsOf({ kind: 'manual', text: 'x'.repeat(MAX_TEXT + 1) })).toEqual(['text']);
    expect(fieldsOf({ kind: 'music', durationMs: -1 })).toEqual(['durationMs']);
    expect(fieldsOf({ activities: [{ kind: 'app', name: 'ok' }, { kind: 'gaming' }] })).toEqual(['activities.1.name']);
  });

  it('refuses unknown fields rather than storing them', () => {
    expect(fieldsOf({ kind: 'app', name: 'x', html: '<b>' })).toEqual(['html']);
  });

  it('refuses non-http URLs for covers and icons', () => {
    expect(fieldsOf({ kind: 'music', coverUrl: 'javascript:alert(1)' })).toEqual(['coverUrl']);
    expect(fieldsOf({ kind: 'app', name: 'x', iconUrl: 'data:image/png;base64,AAAA' })).toEqual(['iconUrl']);
  });

  it('refuses two activities of the same kind in one body', () => {
    expect(fieldsOf({ activities: [{ kind: 'app', name: 'a' }, { kind: 'app', name: 'b' }] })).toEqual(['activities']);
  });

  it('requires a manual status to say something', () => {
    expect(fieldsOf({ kind: 'manual' })).toEqual(['text']);
    expect(fieldsOf({ kind: 'manual', emoji: '🎧' })).toEqual([]);
  });

  it('bounds expiresInSeconds', () => {
    expect(fieldsOf({ kind: 'app', name: 'x', expiresInSeconds: 1 })).toEqual(['expiresInSeconds']);
    expect(fieldsOf({ kind: 'app', name: 'x', expiresInSeconds: 10 ** 9 })).toEqual(['expiresInSeconds']);
  });

  it('refuses a body that is not an object', () => {
    expect(parseIngestBody([1, 2]).success).toBe(false);
    expect(parseIngestBody('coding').success).toBe(false);
    expect(parseIngestBody(null).success).toBe(false);
  });
});

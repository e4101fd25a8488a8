// SQLite and PostgreSQL each need their own schema file (the provider cannot come from the
// environment); these tests keep the two declaring the same models, fields and attributes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defined } from './support/defined';

interface Model {
  fields: Map<string, string>;
  blockAttributes: string[];
}

/** Models of a .prisma file: each field's type and attributes, comments and spacing ignored. */
function parseModels(file: string): Map<string, Model> {
  const models = new Map<string, Model>();
  let current: Model | null = null;
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    const modelName = /^model\s+(\w+)\s*\{$/.exec(line)?.[1];
    if (modelName !== undefined) {
      current = { fields: new Map(), blockAttributes: [] };
      models.set(modelName, current);
      continue;
    }
    if (line === '}') {
      current = null;
      continue;
    }
    if (!current) continue;
    if (line.startsWith('@@')) {
      current.blockAttributes.push(line.replace(/\s+/g, ' '));
      continue;
    }
    const [name, ...rest] = line.split(/\s+/);
    current.fields.set(defined(name, `a field name in "${line}"`), rest.join(' '));
  }
  return models;
}

/** Everything outside model blocks that is not a provider, url or output line. */
function otherSettings(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/model\s+\w+\s*\{[^}]*\}/g, '');
  return text
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, '').trim())
    .filter((l) => l && !/^(provider|url|output|directUrl)\s*=/.test(l));
}

const sqlite = parseModels('prisma/schema.prisma');
const postgres = parseModels('prisma/postgres/schema.prisma');

describe('Prisma schemas', () => {
  it('parses the models it is meant to compare', () => {
    expect([...sqlite.keys()]).toEqual(expect.arrayContaining(['Activity', 'StatusEvent', 'ReporterToken', 'Setting']));
    expect(sqlite.get('Activity')!.fields.get('kind')).toBe('String @id');
    expect(sqlite.get('StatusEvent')!.blockAttributes).toContain('@@index([createdAt])');
  });

  it('declare the same models in both files', () => {
    expect([...postgres.keys()].sort()).toEqual([...sqlite.keys()].sort());
  });

  it.each([...sqlite.keys()])('declare the same fields, types and attributes for %s', (name) => {
    const a = sqlite.get(name)!;
    const b = postgres.get(name);
    expect(b, `${name} is missing from prisma/postgres/schema.prisma`).toBeDefined();
    expect(Object.fromEntries(b!.fields)).toEqual(Object.fromEntries(a.fields));
    expect(b!.blockAttributes).toEqual(a.blockAttributes);
  });

  it('differ only in provider, url and output outside the models', () => {
    expect(otherSettings('prisma/postgres/schema.prisma')).toEqual(otherSettings('prisma/schema.prisma'));
  });

  it('each have a migrations folder for their own provider', () => {
    expect(readFileSync('prisma/migrations/migration_lock.toml', 'utf8')).toMatch(/provider = "sqlite"/);
    expect(readFileSync('prisma/postgres/migrations/migration_lock.toml', 'utf8')).toMatch(/provider = "postgresql"/);
  });
});

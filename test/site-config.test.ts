// The owner's configuration (lib/site-config.ts): nowline.config.ts checked once, NOWLINE_TIME_ZONE over its zone.
import { describe, expect, it } from 'vitest';
import { isTimeZone, parseSiteConfig, siteConfig, type SiteConfigFile } from '@/lib/site-config';

const FILE: SiteConfigFile = {
  name: 'Ada Example',
  avatar: '/avatar.svg',
  tagline: 'Builds small things.',
  links: [{ label: 'Email', href: 'mailto:ada@example.com' }],
  timeZone: 'Europe/Berlin',
  precedence: ['music', 'coding'],
  siteDescription: 'What Ada is doing.',
};

describe('site configuration', () => {
  it('accepts the shipped nowline.config.ts', () => {
    expect(siteConfig()).toMatchObject({ name: expect.any(String), firstName: expect.any(String), timeZone: expect.any(String) });
    expect(isTimeZone(siteConfig().timeZone)).toBe(true);
  });

  it('accepts IANA zones, from the file or from NOWLINE_TIME_ZONE, which wins', () => {
    expect(parseSiteConfig(FILE, {}).timeZone).toBe('Europe/Berlin');
    expect(parseSiteConfig(FILE, { NOWLINE_TIME_ZONE: 'America/New_York' }).timeZone).toBe('America/New_York');
    expect(parseSiteConfig({ ...FILE, timeZone: 'UTC' }, {}).timeZone).toBe('UTC');
    // Empty means unset, as for every other variable.
    expect(parseSiteConfig(FILE, { NOWLINE_TIME_ZONE: '' }).timeZone).toBe('Europe/Berlin');
  });

  it('refuses an unknown NOWLINE_TIME_ZONE, naming the variable and the value', () => {
    expect(() => parseSiteConfig(FILE, { NOWLINE_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      'Invalid configuration:\n  NOWLINE_TIME_ZONE: "Mars/Olympus" is not a time zone; use an IANA name such as Europe/Berlin',
    );
    // An offset is not a zone.
    expect(() => parseSiteConfig(FILE, { NOWLINE_TIME_ZONE: '+02:00' })).toThrow(/NOWLINE_TIME_ZONE: "\+02:00"/);
  });

  it('names the setting in nowline.config.ts when the file is wrong', () => {
    expect(() => parseSiteConfig({ ...FILE, timeZone: 'Europe/Atlantis' }, {})).toThrow(
      /timeZone in nowline\.config\.ts: "Europe\/Atlantis" is not a time zone/,
    );
    expect(() => parseSiteConfig({ ...FILE, name: '  ' }, {})).toThrow(/name in nowline\.config\.ts/);
    expect(() => parseSiteConfig({ ...FILE, links: [{ label: 'x', href: 'javascript:alert(1)' }] }, {})).toThrow(
      /links\.0\.href in nowline\.config\.ts: must be an http\(s\) or mailto: link/,
    );
    expect(() => parseSiteConfig({ ...FILE, precedence: ['music', 'music'] }, {})).toThrow(/precedence in nowline\.config\.ts: names a kind twice/);
    expect(() => parseSiteConfig({ ...FILE, precedence: ['sleeping' as 'music'] }, {})).toThrow(/precedence\.0 in nowline\.config\.ts/);
  });

  it('fills an empty precedence with the default order and derives the first name', () => {
    const config = parseSiteConfig({ ...FILE, precedence: [] }, {});
    expect(config.precedence).toEqual(['manual', 'coding', 'gaming', 'music', 'app']);
    expect(config.firstName).toBe('Ada');
  });
});

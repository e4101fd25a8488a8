// The accent colour: any colour the owner picks becomes two variants readable (WCAG AA) as text.
import { describe, expect, it } from 'vitest';
import { AA_TEXT_CONTRAST, accentColors, contrastRatio } from '@/lib/site/accent';

describe('accent colours', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });

  it.each(['#4f46e5', '#ffff00', '#ffffff', '#000000', '#00ff00', '#ff0000', '#1e3a8a', '#fef08a', '#777777'])(
    '%s gives AA text on both themes',
    (color) => {
      const { light, dark } = accentColors(color);
      // Light theme: white cards on the zinc-50 page; dark theme: zinc-900 cards on the zinc-950 page.
      for (const surface of ['#ffffff', '#fafafa'])
        expect(contrastRatio(light, surface)).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
      for (const surface of ['#18181b', '#09090b'])
        expect(contrastRatio(dark, surface)).toBeGreaterThanOrEqual(AA_TEXT_CONTRAST);
    },
  );

  it('keeps a colour that already passes, and moves one that does not only as far as needed', () => {
    expect(accentColors('#1E3A8A').light).toBe('#1e3a8a');
    expect(accentColors('#fef08a').dark).toBe('#fef08a');
    const { light } = accentColors('#ffff00');
    expect(light).not.toBe('#ffff00');
    expect(light).not.toBe('#000000');
  });
});

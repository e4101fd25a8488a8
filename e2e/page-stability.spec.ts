// The homepage as it loads, connects and changes: nothing moves (no layout shift), and emoji are
// drawn in colour even on this machine's bare Chromium, which has no emoji font of its own.
import type { APIRequestContext, Browser, BrowserContextOptions, Page } from '@playwright/test';
import { clearAllActivities, expect, test, testOnOwnServer } from './fixtures';

test.beforeEach(async ({ request, reporterToken }) => {
  await clearAllActivities(request, reporterToken);
});

const SCREENS: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: {} },
  { name: 'phone, dark', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'dark' } },
];

async function postStatus(request: APIRequestContext, token: string, data: unknown) {
  const res = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(200);
}

const manual = (text: string, emoji = '🎧') => ({ kind: 'manual', emoji, text, until: new Date(Date.now() + 3_600_000).toISOString() });

/** A page that records every layout shift from its first paint on. */
async function openRecording(browser: Browser, options: BrowserContextOptions): Promise<Page> {
  // A visitor elsewhere than the owner: the zone abbreviation appears once the page has hydrated.
  const context = await browser.newContext({ ...options, timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const shifts: { value: number; sources: string[] }[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; sources?: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] })[])
        shifts.push({
          value: entry.value,
          sources: (entry.sources ?? []).map((s) => {
            const node = s.node instanceof Element ? s.node : s.node?.parentElement;
            return `${node?.outerHTML.slice(0, 100)} ${JSON.stringify(s.previousRect)} → ${JSON.stringify(s.currentRect)}`;
          }),
        });
    });
    observer.observe({ type: 'layout-shift', buffered: true });
    (window as unknown as { layoutShifts: () => typeof shifts }).layoutShifts = () => {
      observer.takeRecords();
      return shifts;
    };
  });
  return page;
}

/** The shifts so far, after two frames (so a shift from the last change has been reported). */
async function layoutShifts(page: Page) {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await new Promise((r) => setTimeout(r, 0));
    return (window as unknown as { layoutShifts: () => { value: number; sources: string[] }[] }).layoutShifts();
  });
}

for (const { name, options } of SCREENS) {
  test(`${name}: no layout shift when the stream connects and when the status changes`, async ({ browser, request, reporterToken }) => {
    await postStatus(request, reporterToken, {
      activities: [
        manual('Deep work'),
        { kind: 'coding', language: 'TypeScript', project: 'nowline', editor: 'VS Code' },
        { kind: 'music', title: 'Vantablack', artist: 'Dool', durationMs: 301_000, positionMs: 10_000, playing: true },
      ],
    });
    const page = await openRecording(browser, options);
    await page.goto('/');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('zone').first()).toBeVisible();
    await page.evaluate(() => document.fonts.ready);
    expect(await layoutShifts(page), 'after connecting').toEqual([]);

    await postStatus(request, reporterToken, manual('Reviewing'));
    await expect(page.getByTestId('status-text')).toHaveText('Reviewing');
    await page.evaluate(() => document.fonts.ready);
    expect(await layoutShifts(page), 'after a status change').toEqual([]);
    await page.context().close();
  });

  test(`${name}: emoji are drawn in colour by the page's own font stack`, async ({ browser, request, reporterToken }) => {
    await postStatus(request, reporterToken, {
      // ✍️ is a symbol with the emoji selector: drawn as text (black and white) by the system's fonts.
      activities: [manual('Writing', '✍️'), { kind: 'gaming', name: 'Celeste' }, { kind: 'coding', project: 'nowline' }],
    });
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await page.evaluate(() => document.fonts.ready);

    // Each icon drawn on a canvas in its element's own font: pixels of another colour than the fill
    // mean a colour emoji glyph, not a box or a one-colour symbol.
    const icons = page.locator('[data-testid^="status-"] span[aria-hidden="true"]');
    await expect(icons).toHaveCount(3);
    const drawn = await icons.evaluateAll((elements) =>
      elements.map((element) => {
        const style = getComputedStyle(element);
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 96;
        const ctx = canvas.getContext('2d')!;
        ctx.font = `64px ${style.fontFamily}`;
        ctx.textBaseline = 'top';
        // A plain glyph is drawn in the fill colour; a colour glyph in its own palette.
        ctx.fillStyle = 'rgb(255, 0, 255)';
        ctx.fillText(element.textContent ?? '', 8, 8);
        const { data } = ctx.getImageData(0, 0, 96, 96);
        let colourful = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r = 0, g = 0, b = 0, a = 0] = data.slice(i, i + 4);
          if (a > 200 && Math.abs(r - 255) + g + Math.abs(b - 255) > 90) colourful++;
        }
        return { icon: element.textContent, colourful };
      }),
    );
    expect(drawn.map((d) => d.icon)).toEqual(['✍️', '⌨️', '🎮']);
    for (const { icon, colourful } of drawn) expect(colourful, `colour pixels of ${icon}`).toBeGreaterThan(200);

    // The text itself is shaped with the bundled font (Chromium reports the fonts used per node).
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-testid="status-gaming"] span[aria-hidden="true"]' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.filter((f) => f.isCustomFont).length, JSON.stringify(fonts)).toBeGreaterThan(0);
    await context.close();
  });
}

// On a server of its own: on the shared one, earlier tests' statuses (with their emoji) are in the
// homepage's Today line, and the page would rightly fetch the whole font for them.
testOnOwnServer('the whole emoji font is fetched only for an emoji the inlined icons do not have', async ({ page, request, reporterToken }) => {
  const fontsFetched = () =>
    page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.woff2(\?|$)/.test(e.name)).length);
  await postStatus(request, reporterToken, { activities: [{ kind: 'coding', project: 'nowline' }, { kind: 'gaming', name: 'Celeste' }] });
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await page.evaluate(() => document.fonts.ready);
  expect(await fontsFetched()).toBe(0);

  // This machine has no emoji font of its own: the owner's 🎧 needs the whole one.
  await postStatus(request, reporterToken, manual('Deep work'));
  await expect(page.getByTestId('status-text')).toHaveText('Deep work');
  await expect.poll(fontsFetched).toBe(1);
});

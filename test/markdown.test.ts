// The owner's Markdown: the useful parts render, hostile input never becomes markup or a live link.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '@/lib/site/markdown';

describe('renderMarkdown', () => {
  it('renders paragraphs, emphasis, lists, inline code, code blocks and links', () => {
    const html = renderMarkdown(
      'Hi *there* and **you**.\n\n- one\n- two\n\n1. first\n\nUse `npm test`.\n\n```\nconst a = 1 < 2;\n```\n\n[site](https://example.com) [mail](mailto:a@example.com)',
    );
    expect(html).toContain('<p>Hi <em>there</em> and <strong>you</strong>.</p>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>first</li>\n</ol>');
    expect(html).toContain('<code>npm test</code>');
    expect(html).toContain('<pre><code>const a = 1 &lt; 2;\n</code></pre>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer">site</a>');
    expect(html).toContain('<a href="mailto:a@example.com">mail</a>');
  });

  it('shows raw HTML as text', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and <b onclick="x()">bold</b>',
    );
    expect(html).not.toMatch(/<script|<img|<b[ >]/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](  javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](vbscript:msgbox)',
    '[x](/relative)',
    '[x](//evil.example)',
    '<javascript:alert(1)>',
    '[x][ref]\n\n[ref]: javascript:alert(1)',
  ])('does not make a link of %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toContain('<a');
    expect(html).not.toMatch(/href/i);
  });

  it('keeps images off (no request to a URL the owner pasted, no onerror)', () => {
    const html = renderMarkdown('![a](https://example.com/a.png "t") ![b](javascript:alert(1))');
    expect(html).not.toContain('<img');
  });

  it('survives unbalanced markup and escapes attribute breakouts', () => {
    const html = renderMarkdown(
      '**bold _both\n\n`code\n\n[broken](https://example.com/"><script>alert(1)</script>)\n\n</p></div>',
    );
    expect(html).not.toMatch(/<script|<\/div>/i);
    expect(html).toContain('&lt;/p&gt;&lt;/div&gt;');
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).not.toMatch(/[<>"]/);
  });

  it("starts the owner's headings at h3, below the page's own", () => {
    expect(renderMarkdown('# Big\n\n## Smaller')).toBe('<h3>Big</h3>\n<h4>Smaller</h4>\n');
  });
});

// The owner's Markdown (About, /now) turned into HTML on the server only: no Markdown code reaches
// the visitor's JavaScript. Raw HTML is never rendered (html: false escapes it as text), images and
// tables are off, and only http(s) and mailto: links become links; any other link (javascript:,
// data:, a relative path) stays as its source text.
import 'server-only';
import MarkdownItFactory, { type MarkdownIt, type RendererRule } from 'markdown-it';

const LINK_SCHEME = /^(?:https?:|mailto:)/i;

function createRenderer(): MarkdownIt {
  const md = new MarkdownItFactory('default', { html: false, linkify: false, typographer: false });
  md.disable(['image', 'table']);
  md.validateLink = (url) => LINK_SCHEME.test(url.trim());

  const renderToken = md.renderer.renderToken.bind(md.renderer);
  const addRel: RendererRule = (tokens, index, options) => {
    const token = tokens[index]!;
    if (/^https?:/i.test(String(token.attrGet('href') ?? ''))) token.attrSet('rel', 'noopener noreferrer');
    return renderToken(tokens, index, options);
  };
  md.renderer.rules.link_open = addRel;
  // The page has its own h1 and h2: the owner's headings start at h3.
  const shiftHeading: RendererRule = (tokens, index, options) => {
    const token = tokens[index]!;
    token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
    return renderToken(tokens, index, options);
  };
  md.renderer.rules.heading_open = shiftHeading;
  md.renderer.rules.heading_close = shiftHeading;
  return md;
}

const globalForMarkdown = globalThis as unknown as { __nowlineMarkdown?: MarkdownIt };

/** Safe HTML for the owner's Markdown; the same text always gives the same HTML. */
export function renderMarkdown(source: string): string {
  const md = (globalForMarkdown.__nowlineMarkdown ??= createRenderer());
  return md.render(source);
}

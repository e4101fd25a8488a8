import { renderMarkdown } from '@/lib/site/markdown';

/** The owner's Markdown, rendered on the server (lib/site/markdown.ts escapes raw HTML and unsafe links). */
export function MarkdownText({ source, className = '' }: { source: string; className?: string }) {
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

import type { SiteSettings } from '@/lib/site/settings';

/** The owner's sections of link cards (projects, writing, talks…), each a titled list. */
export function LinkSections({ sections }: { sections: SiteSettings['sections'] }) {
  return sections.map((section, index) => (
    <section
      key={`${index}-${section.title}`}
      aria-labelledby={`links-section-${index}`}
      className="flex flex-col gap-3"
    >
      <h2
        id={`links-section-${index}`}
        className="text-sm font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400"
      >
        {section.title}
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2">
        {section.cards.map((card, cardIndex) => (
          <li key={`${cardIndex}-${card.href}`}>
            <a
              href={card.href}
              rel="noopener noreferrer"
              className="card flex h-full flex-col gap-1 !p-4 hover:border-(--accent) focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-(--accent)"
            >
              <span className="font-semibold text-(--accent)">{card.title}</span>
              {card.description && <span className="text-sm text-zinc-600 dark:text-zinc-400">{card.description}</span>}
            </a>
          </li>
        ))}
      </ul>
    </section>
  ));
}

'use client';

import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import { TextField } from './field';
import { replaceItem, withKey, type Keyed } from './list-moves';
import { RowLabel } from './profile-links-editor';
import { AddRowButton, RowButtons } from './row-buttons';

export type CardDraft = Keyed<{ title: string; href: string; description: string }>;
export type SectionDraft = Keyed<{ title: string; cards: CardDraft[] }>;

interface ProfileSectionsEditorProps {
  sections: SectionDraft[];
  onChange: (sections: SectionDraft[]) => void;
  errors: Record<string, string>;
  m: Messages['profile'];
}

/** Optional sections of link cards on the homepage (projects, writing…): each a title and its cards. */
export function ProfileSectionsEditor({ sections, onChange, errors, m }: ProfileSectionsEditorProps) {
  const update = (index: number, change: Partial<SectionDraft>) =>
    onChange(replaceItem(sections, index, { ...sections[index]!, ...change }));
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="field-label">{m.sections}</legend>
      {errors.sections && <p className="field-error">{errors.sections}</p>}
      {sections.map((section, index) => (
        <div
          key={section.key}
          className="flex flex-col gap-3 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800"
        >
          <TextField
            id={`section-${section.key}-title`}
            label={<RowLabel row={formatMessage(m.sectionRow, { number: index + 1 })} text={m.sectionTitle} />}
            error={errors[`sections.${index}.title`]}
            value={section.title}
            onChange={(e) => update(index, { title: e.target.value })}
          />
          <CardsEditor
            section={index + 1}
            path={`sections.${index}.cards`}
            cards={section.cards}
            onChange={(cards) => update(index, { cards })}
            errors={errors}
            m={m}
          />
          <RowButtons
            name={formatMessage(m.sectionName, { number: index + 1 })}
            list={sections}
            index={index}
            onChange={onChange}
            m={m}
          />
        </div>
      ))}
      <AddRowButton label={m.addSection} onAdd={() => onChange([...sections, withKey({ title: '', cards: [] })])} />
    </fieldset>
  );
}

interface CardsEditorProps {
  /** The section's number, counted from 1. */
  section: number;
  path: string;
  cards: CardDraft[];
  onChange: (cards: CardDraft[]) => void;
  errors: Record<string, string>;
  m: Messages['profile'];
}

function CardsEditor({ section, path, cards, onChange, errors, m }: CardsEditorProps) {
  const update = (index: number, change: Partial<CardDraft>) =>
    onChange(replaceItem(cards, index, { ...cards[index]!, ...change }));
  const fields = [
    { field: 'title', label: m.cardTitle, type: 'text' },
    { field: 'href', label: m.url, type: 'url' },
    { field: 'description', label: m.cardDescription, type: 'text' },
  ] as const;
  return (
    <div className="flex flex-col gap-2">
      {errors[path] && <p className="field-error">{errors[path]}</p>}
      <ol className="flex flex-col gap-2">
        {cards.map((card, index) => (
          <li key={card.key} className="grid gap-2 rounded-lg bg-zinc-50 p-3 sm:grid-cols-3 dark:bg-zinc-950">
            {fields.map(({ field, label, type }) => (
              <TextField
                key={field}
                id={`card-${card.key}-${field}`}
                label={<RowLabel row={formatMessage(m.cardRow, { section, number: index + 1 })} text={label} />}
                error={errors[`${path}.${index}.${field}`]}
                type={type}
                value={card[field]}
                onChange={(e) => update(index, { [field]: e.target.value })}
              />
            ))}
            <div className="sm:col-span-3">
              <RowButtons
                name={formatMessage(m.cardName, { section, number: index + 1 })}
                list={cards}
                index={index}
                onChange={onChange}
                m={m}
              />
            </div>
          </li>
        ))}
      </ol>
      <AddRowButton
        label={m.addCard}
        onAdd={() => onChange([...cards, withKey({ title: '', href: '', description: '' })])}
      />
    </div>
  );
}

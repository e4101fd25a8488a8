'use client';

import { Field } from './field';
import { replaceItem, withKey, type Keyed } from './list-moves';
import { RowLabel } from './profile-links-editor';
import { AddRowButton, RowButtons } from './row-buttons';

export type CardDraft = Keyed<{ title: string; href: string; description: string }>;
export type SectionDraft = Keyed<{ title: string; cards: CardDraft[] }>;

interface ProfileSectionsEditorProps {
  sections: SectionDraft[];
  onChange: (sections: SectionDraft[]) => void;
  errors: Record<string, string>;
}

/** Optional sections of link cards on the homepage (projects, writing…): each a title and its cards. */
export function ProfileSectionsEditor({ sections, onChange, errors }: ProfileSectionsEditorProps) {
  const update = (index: number, change: Partial<SectionDraft>) =>
    onChange(replaceItem(sections, index, { ...sections[index]!, ...change }));
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="field-label">Sections of link cards</legend>
      {errors.sections && <p className="field-error">{errors.sections}</p>}
      {sections.map((section, index) => {
        const name = `Section ${index + 1}`;
        return (
          <div
            key={section.key}
            className="flex flex-col gap-3 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800"
          >
            <Field
              id={`section-${section.key}-title`}
              label={<RowLabel row={name} text="Section title" />}
              error={errors[`sections.${index}.title`]}
            >
              {(control) => (
                <input
                  {...control}
                  value={section.title}
                  onChange={(e) => update(index, { title: e.target.value })}
                  className="field-input"
                />
              )}
            </Field>
            <CardsEditor
              section={name}
              path={`sections.${index}.cards`}
              cards={section.cards}
              onChange={(cards) => update(index, { cards })}
              errors={errors}
            />
            <RowButtons name={`section ${index + 1}`} list={sections} index={index} onChange={onChange} />
          </div>
        );
      })}
      <AddRowButton label="Add section" onAdd={() => onChange([...sections, withKey({ title: '', cards: [] })])} />
    </fieldset>
  );
}

interface CardsEditorProps {
  section: string;
  path: string;
  cards: CardDraft[];
  onChange: (cards: CardDraft[]) => void;
  errors: Record<string, string>;
}

function CardsEditor({ section, path, cards, onChange, errors }: CardsEditorProps) {
  const update = (index: number, change: Partial<CardDraft>) =>
    onChange(replaceItem(cards, index, { ...cards[index]!, ...change }));
  const fields = [
    { field: 'title', label: 'Card title', type: 'text' },
    { field: 'href', label: 'URL', type: 'url' },
    { field: 'description', label: 'One line', type: 'text' },
  ] as const;
  return (
    <div className="flex flex-col gap-2">
      {errors[path] && <p className="field-error">{errors[path]}</p>}
      <ol className="flex flex-col gap-2">
        {cards.map((card, index) => (
          <li key={card.key} className="grid gap-2 rounded-lg bg-zinc-50 p-3 sm:grid-cols-3 dark:bg-zinc-950">
            {fields.map(({ field, label, type }) => (
              <Field
                key={field}
                id={`card-${card.key}-${field}`}
                label={<RowLabel row={`${section}, card ${index + 1}`} text={label} />}
                error={errors[`${path}.${index}.${field}`]}
              >
                {(control) => (
                  <input
                    {...control}
                    type={type}
                    value={card[field]}
                    onChange={(e) => update(index, { [field]: e.target.value })}
                    className="field-input"
                  />
                )}
              </Field>
            ))}
            <div className="sm:col-span-3">
              <RowButtons
                name={`card ${index + 1} of ${section.toLowerCase()}`}
                list={cards}
                index={index}
                onChange={onChange}
              />
            </div>
          </li>
        ))}
      </ol>
      <AddRowButton
        label="Add card"
        onAdd={() => onChange([...cards, withKey({ title: '', href: '', description: '' })])}
      />
    </div>
  );
}

'use client';

import { LINK_ICON_LABELS, LINK_ICONS, type LinkIcon } from '@/lib/site/options';
import { Field } from './field';
import { replaceItem, withKey, type Keyed } from './list-moves';
import { AddRowButton, RowButtons } from './row-buttons';

export type LinkDraft = Keyed<{ label: string; href: string; icon?: LinkIcon }>;

interface ProfileLinksEditorProps {
  links: LinkDraft[];
  onChange: (links: LinkDraft[]) => void;
  errors: Record<string, string>;
}

/** The profile's links: label, URL and icon per row; rows added, removed and reordered. */
export function ProfileLinksEditor({ links, onChange, errors }: ProfileLinksEditorProps) {
  const update = (index: number, change: Partial<LinkDraft>) =>
    onChange(replaceItem(links, index, { ...links[index]!, ...change }));
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="field-label">Links</legend>
      {errors.links && <p className="field-error">{errors.links}</p>}
      <ol className="flex flex-col gap-3">
        {links.map((link, index) => (
          <li
            key={link.key}
            className="grid gap-2 rounded-xl border border-zinc-200 p-3 sm:grid-cols-[1fr_2fr_8rem] dark:border-zinc-800"
          >
            <Field
              id={`link-${link.key}-label`}
              label={<RowLabel row={`Link ${index + 1}`} text="Label" />}
              error={errors[`links.${index}.label`]}
            >
              {(control) => (
                <input
                  {...control}
                  value={link.label}
                  onChange={(e) => update(index, { label: e.target.value })}
                  className="field-input"
                />
              )}
            </Field>
            <Field
              id={`link-${link.key}-href`}
              label={<RowLabel row={`Link ${index + 1}`} text="URL" />}
              error={errors[`links.${index}.href`]}
            >
              {(control) => (
                <input
                  {...control}
                  type="url"
                  inputMode="url"
                  value={link.href}
                  onChange={(e) => update(index, { href: e.target.value })}
                  placeholder="https://…"
                  className="field-input"
                />
              )}
            </Field>
            <Field
              id={`link-${link.key}-icon`}
              label={<RowLabel row={`Link ${index + 1}`} text="Icon" />}
              error={errors[`links.${index}.icon`]}
            >
              {(control) => (
                <select
                  {...control}
                  value={link.icon ?? ''}
                  onChange={(e) => update(index, { icon: (e.target.value || undefined) as LinkIcon | undefined })}
                  className="field-input"
                >
                  <option value="">None</option>
                  {LINK_ICONS.map((icon) => (
                    <option key={icon} value={icon}>
                      {LINK_ICON_LABELS[icon]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="sm:col-span-3">
              <RowButtons name={`link ${index + 1}`} list={links} index={index} onChange={onChange} />
            </div>
          </li>
        ))}
      </ol>
      <AddRowButton label="Add link" onAdd={() => onChange([...links, withKey({ label: '', href: '' })])} />
    </fieldset>
  );
}

/** "Label", read as "Link 2, Label" so repeated rows stay distinct for screen readers. */
export function RowLabel({ row, text }: { row: string; text: string }) {
  return (
    <>
      <span className="sr-only">{row}, </span>
      {text}
    </>
  );
}

'use client';

import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import { LINK_ICON_LABELS, LINK_ICONS, type LinkIcon } from '@/lib/site/options';
import { Field, TextField } from './field';
import { replaceItem, withKey, type Keyed } from './list-moves';
import { AddRowButton, RowButtons } from './row-buttons';

export type LinkDraft = Keyed<{ label: string; href: string; icon?: LinkIcon }>;

interface ProfileLinksEditorProps {
  links: LinkDraft[];
  onChange: (links: LinkDraft[]) => void;
  errors: Record<string, string>;
  m: Messages['profile'];
}

/** The profile's links: label, URL and icon per row; rows added, removed and reordered. */
export function ProfileLinksEditor({ links, onChange, errors, m }: ProfileLinksEditorProps) {
  const update = (index: number, change: Partial<LinkDraft>) =>
    onChange(replaceItem(links, index, { ...links[index]!, ...change }));
  // Brand names stay as they are; the two plain words are translated.
  const iconLabels = { ...LINK_ICON_LABELS, email: m.iconEmail, website: m.iconWebsite };
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="field-label">{m.links}</legend>
      {errors.links && <p className="field-error">{errors.links}</p>}
      <ol className="flex flex-col gap-3">
        {links.map((link, index) => {
          const row = formatMessage(m.linkRow, { number: index + 1 });
          return (
            <li
              key={link.key}
              className="grid gap-2 rounded-xl border border-zinc-200 p-3 sm:grid-cols-[1fr_2fr_8rem] dark:border-zinc-800"
            >
              <TextField
                id={`link-${link.key}-label`}
                label={<RowLabel row={row} text={m.label} />}
                error={errors[`links.${index}.label`]}
                value={link.label}
                onChange={(e) => update(index, { label: e.target.value })}
              />
              <TextField
                id={`link-${link.key}-href`}
                label={<RowLabel row={row} text={m.url} />}
                error={errors[`links.${index}.href`]}
                type="url"
                inputMode="url"
                value={link.href}
                onChange={(e) => update(index, { href: e.target.value })}
                placeholder="https://…"
              />
              <Field
                id={`link-${link.key}-icon`}
                label={<RowLabel row={row} text={m.icon} />}
                error={errors[`links.${index}.icon`]}
              >
                {(control) => (
                  <select
                    {...control}
                    value={link.icon ?? ''}
                    onChange={(e) => update(index, { icon: (e.target.value || undefined) as LinkIcon | undefined })}
                    className="field-input"
                  >
                    <option value="">{m.noIcon}</option>
                    {LINK_ICONS.map((icon) => (
                      <option key={icon} value={icon}>
                        {iconLabels[icon]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="sm:col-span-3">
                <RowButtons
                  name={formatMessage(m.linkName, { number: index + 1 })}
                  list={links}
                  index={index}
                  onChange={onChange}
                  m={m}
                />
              </div>
            </li>
          );
        })}
      </ol>
      <AddRowButton label={m.addLink} onAdd={() => onChange([...links, withKey({ label: '', href: '' })])} />
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

'use client';

import { useState } from 'react';
import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import { TextField } from './field';

export interface AvatarUpload {
  name: string;
  dataUrl: string;
}

const MAX_UPLOAD_BYTES = 256 * 1024;

interface AvatarFieldProps {
  value: string;
  onChange: (value: string) => void;
  upload: AvatarUpload | null;
  onUpload: (upload: AvatarUpload | null) => void;
  error?: string;
  m: Messages['profile'];
}

/** The avatar: a URL or a path on this site, or an image file uploaded with the next save. */
export function AvatarField({ value, onChange, upload, onUpload, error, m }: AvatarFieldProps) {
  const [fileError, setFileError] = useState<string | undefined>();

  function pick(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) {
      setFileError(m.imageTooLarge);
      return;
    }
    setFileError(undefined);
    const reader = new FileReader();
    reader.onload = () => onUpload({ name: file.name, dataUrl: String(reader.result) });
    reader.readAsDataURL(file);
  }

  return (
    <div className="flex flex-col gap-2">
      <TextField
        id="profile-avatar"
        label={m.avatar}
        hint={upload ? formatMessage(m.avatarPending, { file: upload.name }) : m.avatarHint}
        error={error}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={Boolean(upload)}
      />
      <div className="flex flex-wrap items-center gap-2">
        <label className="btn-secondary cursor-pointer focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-500">
          {m.uploadImage}
          <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={pick} className="sr-only" />
        </label>
        {upload && (
          <button type="button" className="btn-danger" onClick={() => onUpload(null)}>
            {m.cancelUpload}
          </button>
        )}
        <span className="text-xs text-zinc-500">{m.imageTypes}</span>
      </div>
      {fileError && (
        <p role="alert" className="field-error">
          {fileError}
        </p>
      )}
    </div>
  );
}

'use client';

import { useState } from 'react';
import { Field } from './field';

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
}

/** The avatar: a URL or a path on this site, or an image file uploaded with the next save. */
export function AvatarField({ value, onChange, upload, onUpload, error }: AvatarFieldProps) {
  const [fileError, setFileError] = useState<string | undefined>();

  function pick(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) {
      setFileError('The image is larger than 256 KB.');
      return;
    }
    setFileError(undefined);
    const reader = new FileReader();
    reader.onload = () => onUpload({ name: file.name, dataUrl: String(reader.result) });
    reader.readAsDataURL(file);
  }

  return (
    <div className="flex flex-col gap-2">
      <Field
        id="profile-avatar"
        label="Avatar"
        hint={
          upload
            ? `${upload.name} will be uploaded when you save.`
            : 'An http(s) URL or a path on this site, such as /avatar.svg; or upload an image.'
        }
        error={error}
      >
        {(control) => (
          <input
            {...control}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            disabled={Boolean(upload)}
            className="field-input"
          />
        )}
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <label className="btn-secondary cursor-pointer focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-500">
          Upload an image
          <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={pick} className="sr-only" />
        </label>
        {upload && (
          <button type="button" className="btn-danger" onClick={() => onUpload(null)}>
            Cancel upload
          </button>
        )}
        <span className="text-xs text-zinc-500">PNG, JPEG, WebP or GIF, at most 256 KB.</span>
      </div>
      {fileError && (
        <p role="alert" className="field-error">
          {fileError}
        </p>
      )}
    </div>
  );
}

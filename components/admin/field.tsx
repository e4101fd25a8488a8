import type { ComponentProps, ReactNode } from 'react';

/** What a control needs to be tied to its label, hint and error. */
export interface FieldControl {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  /** Shown under the control and read with it. */
  hint?: ReactNode;
  hintClassName?: string;
  error?: string;
  /** Announce the error as it appears, for a form that says nothing else on a refusal. */
  alert?: boolean;
  errorId?: string;
  className?: string;
  /** Draws the control itself, spreading `control` onto it. */
  children: (control: FieldControl) => ReactNode;
}

/** A label, a control, an optional hint and error: the one layout of the admin forms' fields. */
export function Field({ id, label, hint, hintClassName = 'mt-1 text-xs text-zinc-500', error, alert, errorId = `${id}-error`, className, children }: FieldProps) {
  const hintId = `${id}-hint`;
  const describedBy = [hint !== undefined && hintId, error && errorId].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
      {hint !== undefined && (
        <p id={hintId} className={hintClassName}>
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role={alert ? 'alert' : undefined} className="field-error">
          {sentence(error)}
        </p>
      )}
    </div>
  );
}

/** What the input of a TextField takes besides what Field ties to it. */
type InputProps = Omit<ComponentProps<'input'>, 'id' | 'className' | 'children' | 'aria-invalid' | 'aria-describedby'>;

interface TextFieldProps extends Omit<FieldProps, 'children'>, InputProps {
  /** Classes added to the input's own `field-input`. */
  inputClassName?: string;
}

/** A Field holding one plain input: the field props go to the Field, the rest to the input. */
export function TextField({ id, label, hint, hintClassName, error, alert, errorId, className, inputClassName, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} hintClassName={hintClassName} error={error} alert={alert} errorId={errorId} className={className}>
      {(control) => <input {...control} {...input} className={inputClassName ? `field-input ${inputClassName}` : 'field-input'} />}
    </Field>
  );
}

/** Messages from lib/ are lowercase so they can follow a field name in API errors; here they stand alone. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

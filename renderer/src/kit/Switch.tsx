import type { InputHTMLAttributes, ReactNode } from 'react';

/** An on/off switch: a checkbox with role="switch", drawn as a track and knob, with its label. */
export function Switch({ label, className, ...rest }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'role'> & { label?: ReactNode }) {
  return (
    <label className={`switch${className ? ` ${className}` : ''}`}>
      <input type="checkbox" role="switch" {...rest} />
      <span className="switch-track" aria-hidden="true">
        <span className="switch-knob" />
      </span>
      {label !== undefined && <span className="switch-label">{label}</span>}
    </label>
  );
}

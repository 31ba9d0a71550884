/**
 * The UI's component kit: every page builds from these, styled by kit.css over the design tokens
 * (tokens.css). Buttons, fields, errors, confirms, dialogs, badges, tables, empty states, switches.
 */
export { Button, ButtonLink, buttonClass, type ButtonProps, type ButtonSize, type ButtonVariant } from './Button.js';
export { ErrorLine } from './ErrorLine.js';
export { Field, type FieldControlProps } from './Field.js';
export { ConfirmButton } from './ConfirmButton.js';
export { Dialog } from './Dialog.js';
export { Badge, type Tone } from './Badge.js';
export { Table, type Column } from './Table.js';
export { EmptyState } from './EmptyState.js';
export { Switch } from './Switch.js';
export { PageHeader, Section, Loading } from './Layout.js';

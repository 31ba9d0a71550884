// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Badge, Button, ConfirmButton, Dialog, EmptyState, ErrorLine, Field, Switch, Table } from '../../../renderer/src/kit/index.js';

afterEach(cleanup);

/** The component kit every page is built from: what each one promises keyboard and screen-reader users. */
describe('the kit', () => {
  it('Button: a plain button unless told, its variant and size as classes, busy with a spinner', () => {
    render(
      <>
        <Button>Cancel</Button>
        <Button variant="primary" size="sm" busy>
          Save
        </Button>
        <Button type="submit" variant="danger">
          Remove
        </Button>
      </>,
    );
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    expect(cancel.getAttribute('type')).toBe('button');
    expect(cancel.className).toBe('btn btn-secondary');
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save.className).toBe('btn btn-primary btn-sm');
    expect(save.getAttribute('aria-busy')).toBe('true');
    expect(save.querySelector('.spinner')?.getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByRole('button', { name: 'Remove' }).getAttribute('type')).toBe('submit');
  });

  it('Field: the label names the control, which points at its problem and hint', () => {
    render(
      <Field id="name" label="Name" hint="Lower-case letters." issue="must not be empty">
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByLabelText('Name');
    expect(input.id).toBe('name');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('name-issue name-hint');
    expect(document.getElementById('name-issue')!.textContent).toBe('must not be empty');
    cleanup();
    render(<Field label="Port">{(control) => <input {...control} />}</Field>);
    const port = screen.getByLabelText('Port');
    expect(port.getAttribute('aria-invalid')).toBe('false');
    expect(port.getAttribute('aria-describedby')).toBeNull();
  });

  it('ErrorLine: nothing without an error; the sentence as an alert with one', () => {
    const { container } = render(<ErrorLine error={undefined} />);
    expect(container.innerHTML).toBe('');
    render(<ErrorLine error="The database is locked." />);
    expect(screen.getByRole('alert').textContent).toBe('The database is locked.');
  });

  it('ConfirmButton: asks first, the focus on Keep; Escape keeps and gives the focus back; a second click of a double-click does nothing', () => {
    const onConfirm = vi.fn();
    render(
      <ConfirmButton aria-label="Remove memory" question="Remove memory?" confirm="Yes, remove" onConfirm={onConfirm}>
        Remove
      </ConfirmButton>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove memory' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('group', { name: 'Remove memory?' })).toBeTruthy();
    // A double Enter or a held key lands on Keep, never on Yes.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep' }));
    // The second click of a double-click lands where the first button was: it decides nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }), { detail: 2 });
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Keep' }), { key: 'Escape' });
    expect(screen.queryByRole('button', { name: 'Yes, remove' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove memory' }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove memory' }));
    fireEvent.click(screen.getByRole('button', { name: 'Keep' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove memory' }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove memory' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }), { detail: 1 });
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('Dialog: modal, named by its title, the focus on its first field, Escape closes it, the focus goes back to the opener', async () => {
    function Page() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Add server
          </button>
          {open && (
            <Dialog title="Add a server" onClose={() => setOpen(false)}>
              <label>
                Name <input />
              </label>
            </Dialog>
          )}
        </>
      );
    }
    render(<Page />);
    const opener = screen.getByRole('button', { name: 'Add server' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Add a server' }) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    await act(async () => void dialog.dispatchEvent(new Event('cancel', { cancelable: true })));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    // The close button closes it too.
    fireEvent.click(opener);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Badge: its tone as a class (the shape comes from the stylesheet), not in the words', () => {
    render(
      <>
        <Badge tone="danger" title="It exited with code 1.">
          crashed
        </Badge>
        <Badge icon="🔒">secret</Badge>
        <Badge icon={false}>plain</Badge>
      </>,
    );
    const crashed = screen.getByText('crashed');
    expect(crashed.className).toBe('badge badge-danger');
    expect(crashed.getAttribute('title')).toBe('It exited with code 1.');
    expect(crashed.textContent).toBe('crashed');
    expect(screen.getByText('secret').getAttribute('data-icon')).toBe('🔒');
    expect(screen.getByText('plain').className).toContain('badge-plain');
  });

  it('Table: named, fixed column widths, a header for every column (a hidden one for actions)', () => {
    render(
      <Table
        label="Servers"
        columns={[
          { header: 'Name', width: '20%', cell: (r: { name: string }) => r.name },
          { header: '', srHeader: 'Actions', align: 'end', cell: (r) => <button type="button">Edit {r.name}</button> },
        ]}
        rows={[{ name: 'memory' }, { name: 'github' }]}
        rowKey={(r) => r.name}
        rowProps={(r) => ({ 'aria-selected': r.name === 'memory' })}
      />,
    );
    const table = screen.getByRole('table', { name: 'Servers' });
    expect(table.querySelector('col')!.getAttribute('style')).toContain('width: 20%');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Actions']);
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('row', { name: /memory/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('EmptyState and Switch', () => {
    render(
      <>
        <EmptyState title="No agents yet." actions={<Button>Add agent</Button>}>
          Add one by URL.
        </EmptyState>
        <Switch aria-label="Publish read_graph" defaultChecked label="published" />
      </>,
    );
    expect(screen.getByText('No agents yet.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add agent' })).toBeTruthy();
    const toggle = screen.getByRole('switch', { name: 'Publish read_graph' }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.checked).toBe(false);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createTray, type TrayMenuItem } from '../../../main/electron/tray.js';

function fakeTrayModules() {
  const trays: FakeTray[] = [];
  class FakeTray {
    readonly setToolTip = vi.fn();
    readonly setTitle = vi.fn();
    readonly setContextMenu = vi.fn();
    readonly destroy = vi.fn();
    readonly clicks: (() => void)[] = [];
    constructor(readonly image: { png: Buffer }) {
      trays.push(this);
    }
    on(_event: 'click', listener: () => void) {
      this.clicks.push(listener);
    }
  }
  const modules = {
    Tray: FakeTray,
    // The menu the tray gets is the template itself, so the test can read it back.
    Menu: { buildFromTemplate: (template: TrayMenuItem[]) => template },
    nativeImage: { createFromBuffer: (png: Buffer) => ({ png }) },
  };
  return { modules, trays };
}

function setUp(platform: NodeJS.Platform) {
  const { modules, trays } = fakeTrayModules();
  const actions = { open: vi.fn(), quit: vi.fn() };
  const tray = createTray(modules, actions, platform);
  const t = trays[0]!;
  const menu = () => t.setContextMenu.mock.lastCall![0] as TrayMenuItem[];
  return { tray, t, actions, menu };
}

describe('the tray', () => {
  it('starts with nothing waiting, from a PNG icon', () => {
    const { t, menu } = setUp('linux');
    expect(t.image.png.subarray(1, 4).toString()).toBe('PNG');
    expect(t.setToolTip).toHaveBeenLastCalledWith('Agent Hub');
    expect(menu().map((i) => i.label ?? i.type)).toEqual(['No tool calls waiting', 'Open Agent Hub', 'separator', 'Quit (stops every server)']);
    expect(menu()[0]!.enabled).toBe(false);
  });

  it('says how many prompts wait, in the tooltip and the menu, and in the title on macOS only', () => {
    const linux = setUp('linux');
    linux.tray.setPending(3);
    expect(linux.t.setToolTip).toHaveBeenLastCalledWith('Agent Hub: 3 tool calls wait for your answer');
    expect(linux.menu()[0]).toMatchObject({ label: '3 tool calls wait for your answer…', enabled: true });
    expect(linux.t.setTitle).not.toHaveBeenCalled();

    const mac = setUp('darwin');
    mac.tray.setPending(1);
    expect(mac.t.setTitle).toHaveBeenLastCalledWith('1');
    expect(mac.t.setToolTip).toHaveBeenLastCalledWith('Agent Hub: 1 tool call waits for your answer');
    mac.tray.setPending(0);
    expect(mac.t.setTitle).toHaveBeenLastCalledWith('');
  });

  it('opens the window from a click on the icon, the waiting line and "Open"; quits from "Quit"', () => {
    const { tray, t, actions, menu } = setUp('linux');
    t.clicks.forEach((c) => c());
    expect(actions.open).toHaveBeenCalledTimes(1);
    tray.setPending(2);
    menu()[0]!.click!();
    menu()[1]!.click!();
    expect(actions.open).toHaveBeenCalledTimes(3);
    expect(actions.quit).not.toHaveBeenCalled();
    menu()[3]!.click!();
    expect(actions.quit).toHaveBeenCalledTimes(1);
    tray.destroy();
    expect(t.destroy).toHaveBeenCalledTimes(1);
  });
});

import { pendingText } from './tray-text.js';

// A 16×16 ring, drawn once as PNG (no image file to ship or lose).
const ICON =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAQ0lEQVR4nGOwjr7NQAnGJvifAMZrACHNGIaQoxnFEFyacfkZQx02CUIBR7QBuFw1kgwgOxDJikaKExJVkjJVMhPJGAAcYPCQ4xLndQAAAABJRU5ErkJggg==';

/** One entry of the tray's menu, in Electron's template form. */
export interface TrayMenuItem {
  label?: string;
  enabled?: boolean;
  type?: 'separator';
  click?: () => void;
}

/**
 * What the tray uses of Electron (main.ts passes `Tray`, `Menu` and `nativeImage`; tests fakes). `Image`
 * and `Menu` are Electron's NativeImage and Menu, passed through untouched.
 */
export interface TrayModules<Image = unknown, BuiltMenu = unknown> {
  Tray: new (image: Image) => {
    setToolTip(text: string): void;
    setTitle(title: string): void;
    setContextMenu(menu: BuiltMenu): void;
    on(event: 'click', listener: () => void): unknown;
    destroy(): void;
  };
  Menu: { buildFromTemplate(template: TrayMenuItem[]): BuiltMenu };
  nativeImage: { createFromBuffer(buffer: Buffer): Image };
}

export interface AppTray {
  setPending(count: number): void;
  destroy(): void;
}

/**
 * The tray icon: shows how many consent prompts wait (the title next to the icon on macOS, the tooltip
 * and menu elsewhere); clicking it or "Open" shows the window.
 */
export function createTray<Image, BuiltMenu>(
  { Tray, Menu, nativeImage }: TrayModules<Image, BuiltMenu>,
  actions: { open: () => void; quit: () => void },
  platform: NodeJS.Platform = process.platform,
): AppTray {
  const tray = new Tray(nativeImage.createFromBuffer(Buffer.from(ICON, 'base64')));
  const render = (count: number) => {
    const text = pendingText(count);
    tray.setToolTip(text.tooltip);
    if (platform === 'darwin') tray.setTitle(text.title);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: text.menu, enabled: count > 0, click: actions.open },
        { label: 'Open Agent Hub', click: actions.open },
        { type: 'separator' },
        { label: 'Quit (stops every server)', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.open);
  render(0);
  return { setPending: render, destroy: () => tray.destroy() };
}

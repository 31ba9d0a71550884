import { createContext, useContext } from 'react';

/** What the pages may know about where they run: browser mode can show desktop notifications. */
export const HostContext = createContext<{ browser: boolean }>({ browser: false });
export const useHost = () => useContext(HostContext);

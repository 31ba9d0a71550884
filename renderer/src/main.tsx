import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { getHubApi, getHubEvents } from './hub-client.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={getHubApi()} events={getHubEvents()} />
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, startApp } from './app/App';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

startApp();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

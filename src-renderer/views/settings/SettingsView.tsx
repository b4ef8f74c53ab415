/**
 * Settings (UI.md §3.10): Appearance, Broker, Devices, API and web console, Endpoints, MQTT bridge,
 * About, one page with a section list; `#/settings/<section>` scrolls to one (e.g. `#/settings/broker`).
 * Streams & charts and Data are left out: no store or contract call holds them yet.
 */
import { useEffect, type ReactNode } from 'react';
import { href, type Route } from '../../navigation/router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { followSettings, useSettings } from '../../state/settings';
import { AboutSection } from './AboutSection';
import { ApiSection } from './ApiSection';
import { AccessTokensSection } from './AccessTokensSection';
import { AppearanceSection } from './AppearanceSection';
import { BridgeSection } from './BridgeSection';
import { BrokerSection } from './BrokerSection';
import { DevicesSection } from './DevicesSection';
import { EndpointsEditor } from './EndpointsEditor';
import { SerialSection } from './SerialSection';
import '../../styles/tables.css';
import '../../styles/data.css';
import './settings.css';

const t = messages.settings;

const SECTIONS: readonly { id: string; title: string; Body: () => ReactNode }[] = [
  { id: 'appearance', title: t.appearance.title, Body: AppearanceSection },
  { id: 'broker', title: t.broker.title, Body: BrokerSection },
  { id: 'devices', title: t.devices.title, Body: DevicesSection },
  { id: 'serial', title: t.serial.title, Body: SerialSection },
  { id: 'api', title: t.api.title, Body: ApiSection },
  { id: 'tokens', title: messages.tokens.title, Body: AccessTokensSection },
  { id: 'endpoints', title: t.endpoints.title, Body: EndpointsEditor },
  { id: 'bridge', title: t.bridge.title, Body: BridgeSection },
  { id: 'about', title: t.about.title, Body: AboutSection },
];

export function SettingsView({ route }: { route: Route }) {
  const loadError = useSettings((s) => s.loadError);
  const refresh = useSettings((s) => s.refresh);
  const section = route.params[0];

  useEffect(() => followSettings(), []);
  useEffect(() => {
    if (section) document.getElementById(`settings-${section}`)?.scrollIntoView?.();
  }, [section]);

  return (
    <>
      <ViewHeader title={messages.shell.nav.settings} />
      <div className="settings-page">
        <nav className="settings-nav" aria-label={t.sections}>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <a
                  href={href('settings', s.id)}
                  aria-current={s.id === section ? 'location' : undefined}
                >
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-sections">
          {loadError ? <ErrorNotice error={loadError} onRetry={() => void refresh()} /> : null}
          {SECTIONS.map(({ id, title, Body }) => (
            <section
              key={id}
              id={`settings-${id}`}
              className="settings-section"
              aria-labelledby={`settings-${id}-title`}
            >
              <h2 id={`settings-${id}-title`}>{title}</h2>
              <Body />
            </section>
          ))}
        </div>
      </div>
    </>
  );
}

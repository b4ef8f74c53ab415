/** The device page's Properties & data tab (UI.md §3.2): its properties and its bucket records. */
import { BucketsSection } from './BucketsSection';
import { PropertiesSection } from './PropertiesSection';
import '../../styles/data.css';

export function DataTab({ user, device }: { user: string; device: string }) {
  return (
    <div className="data-tab">
      <PropertiesSection user={user} device={device} />
      <BucketsSection user={user} device={device} />
    </div>
  );
}

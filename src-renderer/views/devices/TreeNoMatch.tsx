/** Shown when the filters hide every device: says so, with one button that clears them. */
import { messages } from '../../messages';
import { setFilter, setStatusFilter } from '../../state/devices';

export function TreeNoMatch() {
  return (
    <div className="devices-list-message">
      <p className="muted">{messages.devices.tree.noMatch}</p>
      <button
        type="button"
        className="btn"
        onClick={() => {
          setFilter('');
          setStatusFilter('all');
        }}
      >
        {messages.devices.filter.clear}
      </button>
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { capturePcapUrl, getCapturePresets } from '../../api.js';
import type { CapturePresetId, LiveView } from '../../../../shared/lab-view.js';
import { useAsync } from '../../lib/useAsync.js';
import { useCapture } from '../../lib/useCapture.js';
import { integer } from '../../lib/format.js';
import { useT } from '../../lib/i18n.js';
import { ErrorNote } from '../ErrorNote.js';
import { FrameList } from './FrameList.js';

interface Props {
  lab: string;
  view: LiveView;
  /** The View tab is shown: a capture stops when it is not. */
  active: boolean;
}

/** Capture frames on a lab network or a host's interface with a lesson's preset, and read them decoded. */
export function CapturePanel({ lab, view, active }: Props) {
  const { t, locale } = useT();
  const count = (n: number) => integer(n, locale);
  const presets = useAsync(() => getCapturePresets(lab), [lab]);
  const capture = useCapture(lab, active);
  const [where, setWhere] = useState<'network' | 'host'>('network');
  const [network, setNetwork] = useState(view.networks[0]?.name ?? '');
  const [host, setHost] = useState(view.hosts[0]?.name ?? '');
  const [iface, setIface] = useState('eth0');
  const [preset, setPreset] = useState<CapturePresetId>('all');
  const [max, setMax] = useState('500');
  const [flow, setFlow] = useState<string>();

  const ifaces = view.hosts.find((h) => h.name === host)?.interfaces.map((i) => i.name).filter((n) => n !== 'lo') ?? [];
  const chosen = presets.data?.find((p) => p.id === preset);
  const running = capture.phase === 'starting' || capture.phase === 'running';

  // A preset says where it shows its point ("network lan", "host director, interface any ..."): go there.
  const choosePreset = (id: CapturePresetId) => {
    setPreset(id);
    const where = presets.data?.find((p) => p.id === id)?.where ?? '';
    const net = /^network (\S+)/.exec(where)?.[1];
    const at = /^host ([^,\s]+), interface (\S+)/.exec(where);
    if (net && view.networks.some((n) => n.name === net)) {
      setWhere('network');
      setNetwork(net);
    } else if (at && view.hosts.some((h) => h.name === at[1])) {
      setWhere('host');
      setHost(at[1]!);
      setIface(at[2]!);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (running) return capture.stop();
    setFlow(undefined);
    const n = Math.min(5000, Math.max(1, Number(max) || 500));
    capture.start(where === 'network' ? { network, preset, count: n } : { host, iface, preset, count: n });
  };

  return (
    <section className="view-capture" aria-labelledby="capture-title">
      <h3 id="capture-title">{t('capture.title')}</h3>
      <form className="capture-form" onSubmit={submit} aria-label={t('capture.form')}>
        <fieldset disabled={running}>
          <legend>{t('capture.on')}</legend>
          <label className="capture-choice">
            <input type="radio" name="capture-where" checked={where === 'network'} onChange={() => setWhere('network')} /> {t('capture.network')}
            <select aria-label={t('capture.networkLabel')} value={network} onChange={(e) => {
                setNetwork(e.target.value);
                setWhere('network');
              }}>
              {view.networks.map((n) => (
                <option key={n.name} value={n.name}>
                  {n.name} ({n.subnet})
                </option>
              ))}
            </select>
          </label>
          <label className="capture-choice">
            <input type="radio" name="capture-where" checked={where === 'host'} onChange={() => setWhere('host')} /> {t('capture.host')}
            <select aria-label={t('capture.hostLabel')} value={host} onChange={(e) => {
                setHost(e.target.value);
                setWhere('host');
              }}>
              {view.hosts.map((h) => (
                <option key={h.name} value={h.name}>
                  {h.name}
                </option>
              ))}
            </select>
            <select aria-label={t('capture.ifaceLabel')} value={iface} onChange={(e) => {
                setIface(e.target.value);
                setWhere('host');
              }}>
              {[...new Set([...ifaces, 'eth0'])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
              <option value="any">any</option>
            </select>
          </label>
        </fieldset>
        <label className="capture-preset">
          {t('capture.preset')}{' '}
          <select value={preset} disabled={running} onChange={(e) => choosePreset(e.target.value as CapturePresetId)}>
            {(presets.data ?? [{ id: 'all', label: t('capture.allFrames'), explain: '', where: '' }]).map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="capture-count">
          {t('capture.upTo')}{' '}
          <input type="number" min={1} max={5000} value={max} disabled={running} onChange={(e) => setMax(e.target.value)} /> {t('capture.frames')}
        </label>
        <button type="submit" className={`btn btn-small${running ? '' : ' btn-primary'}`}>
          {running ? t('capture.stop') : t('capture.start')}
        </button>
        {capture.phase !== 'idle' && (
          <a className="btn btn-small" href={capturePcapUrl(lab)} download>
            {t('capture.download')}
          </a>
        )}
      </form>
      {chosen && (
        <p className="capture-explain">
          {chosen.explain}
          {chosen.where && <span className="muted">{t('capture.bestSeen', { where: chosen.where })}</span>}
        </p>
      )}
      {presets.error != null && <ErrorNote error={presets.error} title={t('capture.presetsFailed')} />}
      {capture.error != null && <ErrorNote error={capture.error} title={t('capture.failed')} />}
      <p className="capture-status" role="status">
        {capture.phase === 'starting' && t('capture.starting')}
        {capture.phase === 'running' &&
          capture.started &&
          t('capture.capturing', { where: `${capture.started.where}${capture.started.filter ? ` (${capture.started.filter})` : ''}`, count: capture.frames.length, n: count(capture.frames.length) })}
        {capture.phase === 'stopped' &&
          !capture.error &&
          t(capture.reason ? 'capture.stoppedWhy' : 'capture.stopped', { reason: capture.reason, count: capture.frames.length, n: count(capture.frames.length) })}
      </p>
      {capture.dropped > 0 && (
        <p className="note note-warning">
          {t('capture.dropped', { count: capture.dropped, n: count(capture.dropped) })}
        </p>
      )}
      {capture.frames.length > 0 && <FrameList frames={capture.frames} flow={flow} onFollow={setFlow} />}
    </section>
  );
}

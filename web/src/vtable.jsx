// vtable.jsx: a sortable table that stays smooth with tens of thousands of rows: only the rows in
// view (plus a few) are in the page; the rest is an empty spacer of the right height. It is an
// ARIA grid: the header cells are sort buttons (aria-sort), the body takes the focus and moves
// the selected row with the arrow keys, Page Up/Down, Home and End; Enter opens the row.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

const ROW = 34;      // px, the same as .vtable .vrow's height
const OVERSCAN = 8;  // rows drawn above and below the visible ones

// columns: [{ key, label, width ('8rem', '1fr'), num, value(row) (for sorting), render(row) }]
export function VTable({ columns, rows, sort, onSort, onOpen, rowKey, label, height = 520, minWidth = 900 }) {
  const body = useRef(null);
  const [top, setTop] = useState(0);
  const [sel, setSel] = useState(-1);
  const [viewH, setViewH] = useState(height);
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === sort.key);
    if (!col) return rows;
    const val = col.value || ((r) => r[col.key]);
    const dir = sort.dir === 'asc' ? 1 : -1;
    const keyed = rows.map((r, i) => [val(r), i, r]);
    keyed.sort((a, b) => {
      const x = a[0], y = b[0];
      if (x === y || (x == null && y == null)) return a[1] - b[1];
      if (x == null) return 1;
      if (y == null) return -1;
      return (x < y ? -1 : 1) * dir;
    });
    return keyed.map((k) => k[2]);
  }, [rows, sort.key, sort.dir, columns]);
  useEffect(() => { setSel(-1); if (body.current) body.current.scrollTop = 0; setTop(0); }, [rows]);
  useEffect(() => {
    const el = body.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setViewH(el.clientHeight || height));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const cols = columns.map((c) => c.width || '1fr').join(' ');
  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(sorted.length, Math.ceil((top + viewH) / ROW) + OVERSCAN);
  const frame = useRef(0);
  const onScroll = (e) => {
    const t = e.currentTarget.scrollTop;
    if (frame.current) cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => { frame.current = 0; setTop(t); });
  };
  const move = (i) => {
    const n = Math.max(0, Math.min(sorted.length - 1, i));
    setSel(n);
    const el = body.current;
    if (n * ROW < el.scrollTop) el.scrollTop = n * ROW;
    else if ((n + 1) * ROW > el.scrollTop + el.clientHeight) el.scrollTop = (n + 1) * ROW - el.clientHeight;
  };
  const onKey = (e) => {
    const page = Math.max(1, Math.floor(viewH / ROW) - 1);
    const keys = { ArrowDown: sel + 1, ArrowUp: sel - 1, PageDown: sel + page, PageUp: sel - page, Home: 0, End: sorted.length - 1 };
    if (e.key in keys) { e.preventDefault(); move(keys[e.key]); }
    else if (e.key === 'Enter' && sel >= 0 && onOpen) { e.preventDefault(); onOpen(sorted[sel]); }
  };
  const visible = [];
  for (let i = first; i < last; i++) {
    const r = sorted[i];
    visible.push(
      <div class={'vrow' + (i === sel ? ' sel' : '')} role="row" aria-rowindex={i + 2} aria-selected={i === sel}
        key={rowKey(r)} style={{ position: 'absolute', top: i * ROW + 'px', left: 0, right: 0 }}
        onClick={() => setSel(i)} onDblClick={() => onOpen && onOpen(r)}>
        {columns.map((c) => <div class={'vcell' + (c.num ? ' num' : '')} role="gridcell">{c.render ? c.render(r, i) : r[c.key]}</div>)}
      </div>);
  }
  return (
    <div class="vtable" role="grid" aria-label={label} aria-rowcount={sorted.length + 1} aria-colcount={columns.length}
      style={{ '--vt-cols': cols, '--vt-min': minWidth + 'px' }}>
      <div class="vinner">
        <div class="vrow vhead" role="row" aria-rowindex={1}>
          {columns.map((c) => (
            <div class={'vcell' + (c.num ? ' num' : '')} role="columnheader"
              aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              {c.sortable === false ? <span>{c.label}</span> : (
                <button type="button" title={'sort by ' + c.label} onClick={() => onSort({ key: c.key,
                  dir: sort.key === c.key && sort.dir === 'desc' ? 'asc' : sort.key === c.key ? 'desc' : (c.num ? 'desc' : 'asc') })}>
                  {c.label}{sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</button>)}
            </div>))}
        </div>
        <div class="vbody" ref={body} tabIndex={0} onScroll={onScroll} onKeyDown={onKey}
          aria-label={label + ': arrow keys move, Enter opens'} style={{ height: Math.min(height, sorted.length * ROW + 2) + 'px' }}>
          <div style={{ height: sorted.length * ROW + 'px', position: 'relative' }}>{visible}</div>
        </div>
      </div>
      <div class="vfoot" aria-live="polite">{sorted.length.toLocaleString('en')} rows{sel >= 0 ? ` · row ${sel + 1} selected` : ''}</div>
    </div>
  );
}

/** Strings of the inspector view (UI.md §3.5). */
import type { ThinnedSamples } from '@contract/schemas';
import { groupDigits } from '../format/bytes';
import { clockTime } from '../format/time';

export const inspector = {
  gridLabel: 'Frames',
  actions: {
    group: 'Inspector',
    focusFilter: 'Filter frames',
    find: 'Find in frames',
    pause: 'Pause live frames',
    resume: 'Resume live frames',
    export: 'Export shown frames (JSON lines)',
    clear: 'Clear the frame list',
    copyHex: 'Copy hex of the selected frame',
    copyDecode: 'Copy the selected frame as an iotmp decode command',
    errorsOnly: 'Show errors only',
  },
  toolbar: {
    pause: 'Pause',
    resume: 'Resume',
    export: 'Export',
    clear: 'Clear',
    find: 'Find',
    live: 'Live',
    paused: 'Paused',
  },
  devices: {
    label: 'Devices',
    all: 'All devices',
    button: (chosen: number, total: number, followed: number) =>
      chosen === 0
        ? followed < total
          ? `Following ${followed} of ${total}`
          : `All devices (${total})`
        : chosen === 1
          ? '1 device'
          : `Following ${chosen} of ${total}`,
    search: 'Search devices',
    searchPlaceholder: 'Search: id, user…',
    chooseShown: (n: number) => `Follow the ${n} shown`,
    noMatch: 'No device matches.',
    none: 'No device is known yet.',
    close: 'Done',
  },
  direction: {
    label: 'Direction',
    all: 'Both directions',
    out: '→ device',
    in: '← device',
    outTitle: 'Sent by the broker to the device',
    inTitle: 'Sent by the device to the broker',
  },
  filter: {
    label: 'Find or filter frames',
    placeholder: 'Find: resource, value, type…',
    onlyMatching: 'Only matching rows',
    errorsOnly: 'Errors only',
    types: 'Message types',
    menu: 'Filters',
    /** The Filters button's name: how many filters narrow the list (a hidden type is one). */
    menuLabel: (on: number) => (on === 0 ? 'Filters' : `Filters, ${on} on`),
    menuDone: 'Done',
    clear: 'Clear filters',
    other: 'Other',
    chip: (type: string, count: number, shown: boolean) =>
      `${type}, ${count} ${count === 1 ? 'frame' : 'frames'}${shown ? '' : ', hidden'}`,
  },
  counts: (shown: number, total: number) =>
    shown === total ? `${total} frames` : `${shown} of ${total} frames`,
  find: {
    label: 'Find in frames',
    placeholder: 'Find…',
    next: 'Next match',
    previous: 'Previous match',
    close: 'Close find',
    matches: (at: number, total: number) =>
      total === 0 ? 'No match' : at === 0 ? `${total} matches` : `${at} of ${total}`,
  },
  columns: {
    time: 'Time',
    delta: 'Δ',
    direction: 'Direction',
    device: 'Device',
    type: 'Type',
    stream: 'Stream',
    resource: 'Resource',
    size: 'Bytes',
    summary: 'Decoded',
  },
  deltaTitle: 'Time since the previous frame shown',
  jumpToLive: (n: number) => (n === 0 ? 'Jump to live' : `Jump to live (${n} new)`),
  pausedNote: 'Paused: new frames wait until you resume.',
  dropped: (n: number, device: string) =>
    `Showing the last ${n} frames of ${device}; older ones were dropped.`,
  droppedMany: (devices: number) =>
    `Showing the last frames of ${devices} devices; older ones were dropped.`,
  /** Not "dropped": the broker chose not to keep them, and a live follower got them all. */
  thinned: (device: string, { count, since, perSecond }: ThinnedSamples) =>
    `${device} streamed faster than ${perSecond} samples/s: its history keeps ${perSecond} a second (${groupDigits(count)} not kept since ${clockTime(since)}); live following shows every sample.`,
  thinnedMany: (devices: number, perSecond: number) =>
    `${devices} devices streamed faster than ${perSecond} samples/s: their history keeps ${perSecond} a second each; live following shows every sample.`,
  offline: (device: string) => `${device} is offline; these are the frames of its last session.`,
  followCap: (n: number) =>
    `Following the ${n} most recently active devices. Choose devices to follow others.`,
  empty: {
    title: 'No frames yet.',
    body: 'They appear as soon as a device connects.',
    offline: (device: string) =>
      `${device} is offline and no frames of it are kept. They appear as soon as it connects.`,
    noMatch: 'No frame matches the filters.',
    noMatchBody: 'Change the filters above, or clear them.',
    pick: 'Select a frame to see its decoded fields and bytes.',
  },
  readFailed: (device: string) => `Could not read the frames of ${device}.`,
  listFailed: 'Could not read the device list.',
  detail: {
    label: 'Frame detail',
    resize: 'Resize the frame detail',
    fields: 'Decoded fields',
    bytes: 'Bytes',
    hexLabel: 'Hex dump',
    copyHex: 'Copy hex',
    copyDecode: 'Copy as iotmp decode',
    header: 'Header',
    headerType: 'type',
    headerSize: 'body size',
    noFields: 'No fields.',
    notDecoded: 'Not decoded: the bytes below are as received.',
    malformed: 'Malformed frame',
    atByte: (offset: number) => `at byte ${offset}`,
    truncated: (kept: number, size: number) =>
      `The broker keeps the first ${kept} of ${size} bytes of a frame.`,
    seq: (n: number) => `#${n}`,
    bytesCount: (n: number) => `${n} B`,
    answer: 'Answer',
    request: 'Request',
    answeredIn: (type: string, latency: string) => `${type} after ${latency}`,
    requestedBefore: (type: string, latency: string) => `${type}, ${latency} earlier`,
    noAnswer: 'No answer among the frames kept.',
    show: 'Show',
    hidden: '(hidden by the filters)',
    collapse: 'Collapse',
    expand: 'Expand',
    items: (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`,
    keys: (n: number) => `${n} ${n === 1 ? 'key' : 'keys'}`,
    bytesValue: (n: number) => `${n} ${n === 1 ? 'byte' : 'bytes'}`,
    bigTag: 'big',
    showAll: (count: string) => `Show all (${count})`,
    emptyValue: 'empty (pv0)',
  },
  exportFile: (stamp: string) => `iotmp-frames-${stamp}.jsonl`,
} as const;

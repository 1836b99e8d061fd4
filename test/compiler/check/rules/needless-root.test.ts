import { describe, expect, it } from 'vitest';
import { lunaNeedlessRoot } from '../../../../compiler/check/rules/needless-root.js';
import { findings } from '../../../helpers/findings.js';
import { servicePlan } from './luna-services.js';

const CODE = 'needless-root';
const IDLE = '{ idle: {} }';
const found = async (text: string) => findings(text, { code: CODE });

describe('needless-root', () => {
  it('reports a service that runs as root and does nothing that needs it', async () => {
    expect(await found(lunaNeedlessRoot.example!.failing)).toMatchInlineSnapshot(`
      [
        {
          "at": "26:7",
          "code": "needless-root",
          "hint": "add \`User=<user>\` to /etc/init/50-clock",
          "message": "service /etc/init/50-clock runs /bin/clock as root, but nothing it does needs root",
          "related": [
            {
              "at": "23:7",
              "message": "/etc/init/50-clock",
            },
          ],
          "severity": "warning",
          "subjects": [
            "50-clock.tick",
          ],
        },
      ]
    `);
  });

  it('is quiet on a service with a user, and reports User=root, which is root', async () => {
    expect(await found(lunaNeedlessRoot.example!.fixed)).toEqual([]);
    expect((await found(servicePlan({ '50-clock': [['User=root'], ['{ name: tick }', IDLE]] }))).map((f) => f.message)).toEqual([
      'service /etc/init/50-clock runs /bin/clock as root, but nothing it does needs root',
    ]);
  });

  it('is quiet when a step of the service needs root', async () => {
    expect(await found(servicePlan({ '50-clock': [[], ['{ mount: { fs: tmpfs, at: /dev } }', IDLE]] }))).toEqual([]);
    expect(await found(servicePlan({ '50-clock': [[], ['{ spawn: { path: /bin/child, user: selene } }', IDLE]] }, { '/bin/child': [IDLE] }))).toEqual([]);
  });

  it('is quiet when a process the service starts as root needs it, and reports one whose processes do not', async () => {
    expect(await found(servicePlan({ '50-clock': [[], ['{ spawn: { path: /bin/child } }', IDLE]] }, { '/bin/child': ['{ mount: { fs: tmpfs, at: /dev } }', IDLE] }))).toEqual([]);
    expect((await found(servicePlan({ '50-clock': [[], ['{ spawn: { path: /bin/child } }', IDLE]] }, { '/bin/child': ['{ name: work }', IDLE] }))).map((f) => f.subjects)).toEqual([['50-clock.spawn:child']]);
  });

  it('reports a service whose only setuid is to the user it already is', async () => {
    expect((await found(servicePlan({ '50-clock': [[], ['{ setuid: { user: root } }', IDLE]] }))).map((f) => f.subjects)).toEqual([['50-clock.setuid:root']]);
  });

  it('points at the service file when the program has no steps', async () => {
    expect(await found(servicePlan({ '50-clock': [[], []] }))).toMatchInlineSnapshot(`
      [
        {
          "at": "24:7",
          "code": "needless-root",
          "hint": "add \`User=<user>\` to /etc/init/50-clock",
          "message": "service /etc/init/50-clock runs /bin/clock as root, but nothing it does needs root",
          "related": [
            {
              "at": "24:7",
              "message": "/etc/init/50-clock",
            },
          ],
          "severity": "warning",
          "subjects": [],
        },
      ]
    `);
  });
});

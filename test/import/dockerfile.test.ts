/** The Dockerfile reader behind `init --kraftfile` with a Dockerfile rootfs (import/dockerfile.ts). */
import { describe, expect, it } from 'vitest';
import { dockerRootfs, parseDockerfile } from '../../import/dockerfile.js';

const folders = new Set(['', 'rootfs', 'site']);
const isFolder = (p: string) => folders.has(p);
const reasons = (text: string, ignore?: string) => {
  const r = dockerRootfs(text, isFolder, ignore);
  return r.exact ? [] : r.reasons;
};

describe('parseDockerfile', () => {
  it('joins continuation lines, skips comments inside them, and keeps each instruction\'s first line', () => {
    const { stages, directives } = parseDockerfile('# syntax=docker/dockerfile:1\nARG V=1\nFROM --platform=linux/amd64 debian:bookworm AS build\nRUN a \\\n# inside\n  && b\n\nfrom scratch\ncopy ./rootfs /\n');
    expect(directives).toEqual(['syntax=docker/dockerfile:1']);
    expect(stages.map((s) => [s.from, s.line])).toEqual([['debian:bookworm', 3], ['scratch', 8]]);
    expect(stages[0]!.instructions).toEqual([{ op: 'RUN', args: 'a && b', line: 4 }]);
    expect(stages[1]!.instructions).toEqual([{ op: 'COPY', args: './rootfs /', line: 9 }]);
  });
});

describe('dockerRootfs', () => {
  it('one local folder copied to / in a scratch stage is exact, in every spelling of the root', () => {
    for (const copy of ['COPY ./rootfs /', 'COPY rootfs/ /.', 'ADD rootfs .', 'COPY ["rootfs", "/"]', 'COPY --link ./rootfs ./']) {
      expect(dockerRootfs(`FROM scratch\nLABEL a=b\n${copy}\nCMD ["/x"]\n`, isFolder), copy).toEqual({ exact: true, folder: 'rootfs', line: 3 });
    }
    expect(dockerRootfs('FROM scratch\n', isFolder)).toEqual({ exact: true, folder: null, line: 1 });
  });

  it('names the line of everything only a build can show', () => {
    expect(reasons('FROM alpine\nCOPY ./rootfs /\n')).toEqual(['line 1: the last stage starts `FROM alpine`, whose files come from that image']);
    expect(reasons('FROM scratch\nWORKDIR /app\nCOPY ./rootfs /\n')).toEqual(['line 2: `WORKDIR` changes files only the build can show']);
    expect(reasons('FROM scratch\nCOPY --chown=1:1 ./rootfs /\n')).toEqual(['line 2: `COPY --chown=1:1 ./rootfs /` changes what lands (--chown=1:1)']);
    expect(reasons('FROM scratch\nCOPY ./site /site\n')).toEqual(['line 2: `COPY ./site /site` copies below the root, where a plan\'s initrd (unpacked at /) cannot place it']);
    expect(reasons('FROM scratch\nCOPY ./rootfs /\nCOPY ./site /\n')).toEqual(['lines 2, 3: 2 copies merge several folders into one root']);
    for (const copy of ['COPY ./nginx.conf /', 'COPY ./root* /', 'ADD https://example.org/r.tar /', 'COPY ../rootfs /', 'COPY rootfs site /']) {
      expect(reasons(`FROM scratch\n${copy}\n`), copy).toHaveLength(1);
    }
    expect(reasons('FROM scratch\nCOPY <<EOF /x\nhi\nEOF\n')[0]).toContain('a form bootplan does not read');
    expect(reasons('# escape=`\nFROM scratch\nCOPY ./rootfs /\n')).toEqual(['an `escape` directive changes how lines continue']);
    expect(reasons('')).toEqual(['no `FROM`: not a Dockerfile kraft can build']);
    // A lone backslash continues nothing (found by the fuzz target).
    expect(dockerRootfs('\\\nFROM scratch\n  \\  \nCOPY ./rootfs /\n', isFolder)).toEqual({ exact: true, folder: 'rootfs', line: 4 });
  });

  it('a .dockerignore pattern that may reach into the copied folder makes it inexact; one outside it does not', () => {
    const copy = 'FROM scratch\nCOPY ./rootfs /\n';
    expect(reasons(copy, '# build output\n/.unikraft/\nREADME.md\n')).toEqual([]);
    expect(reasons(copy, 'rootfs/tmp\n')).toEqual(['.dockerignore: `rootfs/tmp` may leave files of rootfs out']);
    expect(reasons(copy, '**/*.bak\n')).toHaveLength(1);
    expect(reasons(copy, '!rootfs/keep\n')).toHaveLength(1);
    expect(reasons('FROM scratch\nCOPY . /\n', '.git\n')).toEqual(['.dockerignore: `.git` may leave files of the context out']);
  });
});

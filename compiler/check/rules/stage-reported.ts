/**
 * Rules that earlier stages report (load, validate, resolve): they have no `check` of their own,
 * but they have codes, docs and examples like every other rule, so `explain` and SARIF know them.
 */
import type { Rule } from '../rule.js';
import { DEFAULT_MAX_FINDINGS, groupThousands } from '../cap.js';
import { LUNA_EXAMPLE } from './examples.js';

const CAP = groupThousands(DEFAULT_MAX_FINDINGS);

const plan = (body: string, head = 'profile: unikraft@0.17\ntarget: qemu/x86_64\n', version = '1') => `bootplan: ${version}\nname: example\n${head}${body}`;
const plan11 = (body: string) => plan(body, undefined, '1.1');
const lib = (line: string) => plan(`libraries:\n  a:\n    initcalls:\n      - ${line}\n`);

/** Seven levels of ten aliases each: 10^7 nodes from a few hundred bytes. */
function bomb(): string {
  const names = 'abcdefgh';
  const lines = ['x0: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++) lines.push(`x${i}: &${names[i]} [${Array(10).fill(`*${names[i - 1]}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

function reported(code: string, input: boolean, title: string, doc: string, example?: Rule['example']): Rule {
  return { code, severity: 'error', title, doc, input, ...(example ? { example } : {}) } as Rule;
}

function warned(code: string, title: string, doc: string, example: Rule['example']): Rule {
  return { code, severity: 'warning', title, doc, input: false, example } as Rule;
}

export const stageReported: Rule[] = [
  // The thread model (Luna): what unfolding the plan's threads, programs, services and images finds.
  reported('unknown-program', false, 'a program is started whose steps the plan does not give',
    `A thread-model plan says what every program does, by path, under \`programs:\` — the file in the image only has to exist (exec checks that), but its behaviour comes from the plan. A spawn, an exec, a service's Command= or a script line names a program the plan has no steps for, so neither the checker nor the machine can follow it. Add it under \`programs:\` (a path, or \`path args\` for one invocation such as \`/usr/bin/init --user\`).`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/helper:\n    - { idle: {} }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { idle: {} }\n` }),
  reported('unknown-thread', false, 'a start, wait or kernel-thread spawn names nothing the plan has',
    `\`spawn: { thread: NAME }\` needs NAME under \`kernel.threads\`; \`start: X\` needs a thread or process spawned with \`stopped: true\` before it; \`wait: X\` needs a child of this process named X. The name is misspelt, or the step comes before the spawn it refers to.`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/helper: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { wait: helper }\n    - { idle: {} }\n  /bin/helper:\n    - { exit: 0 }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/helper: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/helper } }\n    - { wait: helper }\n    - { idle: {} }\n  /bin/helper:\n    - { exit: 0 }\n` }),
  reported('unknown-user', false, 'a user or group the root partition does not define',
    `Users and groups come from \`/etc/passwd\` and \`/etc/group\` of the root partition (or of the ramdisk when no partition has them), as the system itself reads them. A \`spawn: { user }\`, \`groups\`, \`setuid\`, a service's User=, or an owner under \`owners:\`/\`files:\` names one that is not there.`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/app: { mode: '0755' }\n    /etc/passwd: "root:x:0:0::/:/bin/sh\\n"\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/app, user: selene } }\n    - { idle: {} }\n  /bin/app:\n    - { idle: {} }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/app: { mode: '0755' }\n    /etc/passwd: "root:x:0:0::/:/bin/sh\\nselene:x:1000:1000::/:/bin/sh\\n"\n    /etc/group: "root:x:0:\\nselene:x:1000:\\n"\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/app, user: selene } }\n    - { idle: {} }\n  /bin/app:\n    - { idle: {} }\n` }),
  reported('bad-service', false, 'a service file init cannot read',
    `init reads each file of its service directory as \`Key=Value\` lines: Name, Description, Command (the program and its arguments), Restart and Wait (true or false) and User (bootplan's Luna-style format; Luna publishes none). A line that is not Key=Value, an unknown key, a boolean that is not true or false, or a file without Command= is reported at the step that starts the services, naming the file and line.`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/clock: { mode: '0755' }\n    /etc/init/50-clock: "Command=/bin/clock\\nRestart=yes\\n"\nprograms:\n  /bin/preinit:\n    - { services: /etc/init }\n    - { supervise: {} }\n  /bin/clock:\n    - { idle: {} }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/clock: { mode: '0755' }\n    /etc/init/50-clock: "Command=/bin/clock\\nRestart=true\\n"\nprograms:\n  /bin/preinit:\n    - { services: /etc/init }\n    - { supervise: {} }\n  /bin/clock:\n    - { idle: {} }\n` }),
  reported('spawn-depth', false, 'processes nest deeper than any boot does',
    `Unfolding follows every spawn into the program it starts; a program that (through others) starts itself would unfold without end. bootplan stops at 16 levels of processes, or at 16 execs in a row in one process (exec replaces the program, so a program that execs itself never ends), and reports where. Real boots nest a handful of levels (kernel, init, a service, its shell, a command) and exec a few times.`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/preinit } }\n    - { idle: {} }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { idle: {} }\n` }),
  reported('plan-too-large', true, 'a thread-model plan unfolds into more steps than bootplan follows',
    `A plan's programs are unfolded into every thread and process the boot creates, each step an entry. Past 50,000 steps (or 5,000 threads and processes) the plan is refused with exit 2: programs that start several copies of themselves grow exponentially, and no boot has that many. Bound the recursion.`),
  reported('await-ambiguous', false, 'an await of a capability more than one step provides',
    `\`await: CAP\` blocks until CAP exists and then goes on: it is a hand-off from the step that provides it. When several steps provide CAP, which one the await waits for depends on the schedule, so nothing after the await is ordered after any particular one of them. Await a capability exactly one step provides.`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/a: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/a } }\n    - { spawn: { path: /bin/a } }\n    - { await: ready }\n    - { idle: {} }\n  /bin/a:\n    - { name: prepare, provides: [ready] }\n    - { idle: {} }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/a: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { spawn: { path: /bin/a } }\n    - { await: ready }\n    - { idle: {} }\n  /bin/a:\n    - { name: prepare, provides: [ready] }\n    - { idle: {} }\n` }),
  reported('image-unreadable', true, "a filesystem image's contents cannot be read",
    `The ramdisk and the disk partitions are read from \`contents:\` — a host folder or a cpio (newc) archive, relative to the plan, read once and never written — plus inline \`files:\`. A missing path, something that is neither, an archive the reader refuses, entries that climb out of the image (\`../\`), a tree past 20,000 entries or 32 levels, or an \`owners:\` path the image lacks is an error at the field, exit 2.`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  contents: no-such-folder/\nprograms:\n  /bin/preinit:\n    - { idle: {} }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { idle: {} }\n` }),
  warned('no-services', 'a service directory with no service files',
    `init's \`services: DIR\` starts the service files of DIR (in byte order of their names); the images hold no file there, so init starts nothing. A misspelt directory, or the services are on a partition that is not the root.`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { services: /etc/init }\n    - { supervise: {} }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/clock: { mode: '0755' }\n    /etc/init/50-clock: "Command=/bin/clock\\n"\nprograms:\n  /bin/preinit:\n    - { services: /etc/init }\n    - { supervise: {} }\n  /bin/clock:\n    - { exit: 0 }\n` }),
  warned('unreachable-step', 'steps after an exec',
    `\`exec\` replaces the process's program: the steps written after it in the same program never run (the exec'd program's steps follow instead). They are left out of the plan's order, and this warning points at the first of them.`,
    { failing: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/next: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { exec: /bin/next }\n    - { name: never }\n  /bin/next:\n    - { idle: {} }\n`,
      fixed: `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/next: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { exec: /bin/next }\n  /bin/next:\n    - { idle: {} }\n` }),
  reported('yaml-syntax', true, 'the file is not valid YAML',
    `The YAML parser stopped: a bad indent, an unclosed quote or bracket, a tab used for indentation, or a key written twice in one mapping (YAML forbids duplicate keys and bootplan does not pick one silently). The position is where the parser gave up; the mistake is often on the line before.`,
    { failing: plan('libraries:\n  a:\n    initcalls: [ { fn: a_init, level: lib }\n'), fixed: plan('libraries:\n  a:\n    initcalls: [ { fn: a_init, level: lib } ]\n') }),
  reported('yaml-depth', true, 'the document nests too deeply',
    `A plan is a few levels deep; a document nested dozens of levels deep is not a plan, and reading it would exhaust the stack. bootplan refuses nesting beyond 64 levels.`,
    { failing: plan(`note: ${'['.repeat(120)}${']'.repeat(120)}\n`), fixed: plan('note: flat\n') }),
  reported('alias-bomb', true, 'YAML aliases expand the document beyond any real plan',
    `Aliases (\`*name\`) repeat an anchored node. Nested aliases of aliases grow exponentially ("billion laughs"): a few hundred bytes can stand for billions of nodes. bootplan counts the nodes aliases expand to and refuses a document that grows past a million nodes plus four per byte.`,
    { failing: plan(`libraries: {}\n${bomb()}`), fixed: plan('libraries: {}\n') }),
  reported('forbidden-key', true, 'a key shadows JavaScript object internals',
    `Keys named __proto__, constructor or prototype are refused wherever they appear: they are never meaningful in a plan and are the classic way to pollute an object's prototype.`,
    { failing: plan('libraries:\n  __proto__: { initcalls: [] }\n'), fixed: plan('libraries:\n  proto: { initcalls: [] }\n') }),
  reported('file-unreadable', true, 'a plan or an included file cannot be read',
    `The file does not exist, is a directory, or cannot be read. For an include, the position is the include line; paths of includes are relative to the including file.`,
    { failing: plan('include: [missing-catalog.yaml]\n'), fixed: plan('libraries: {}\n') }),
  reported('file-too-big', true, 'the file is larger than a plan may be',
    `Plans are limited to 32 MiB (a 100,000-entry plan is about 10 MiB) so that a wrong file given by mistake (a disk image, a log) fails at once instead of exhausting memory. The size is read before the file is. Split a huge plan with include, or raise the limit with --max-bytes.`),
  reported('include-cycle', true, 'files include each other in a circle',
    `An included file includes, directly or through others, a file that is already being included, so reading it would never end. The message prints the whole chain, file by file, and points at the include line that closes it; remove one include of the chain.`),
  reported('schema', true, 'a value has the wrong type or shape',
    `The plan does not match the plan language's JSON Schema (\`bootplan schema plan\` prints it): a string where a list is expected, a size without a unit it knows, a missing required key. The message names the key and what it must be.`,
    { failing: plan('memory: lots\n'), fixed: plan('memory: 64Mi\n') }),
  reported('unknown-key', true, 'a key the plan language does not have',
    `Unknown keys are errors, not ignored: a misspelt \`uses\` would otherwise silently drop a dependency. The message suggests the nearest known key and lists the keys allowed there.`,
    { failing: lib('{ fn: a_init, level: lib, usse: [alloc] }'), fixed: lib('{ fn: a_init, level: lib, uses: [alloc] }') }),
  reported('unknown-profile', false, 'the profile is not one bootplan ships (or a profile file)',
    `\`profile:\` names a system and optionally a version: unikraft@0.21 (what a bare \`unikraft\` gets), unikraft@0.17, unikraft@0.13, linux@6.1, zephyr@3 (\`bootplan profile list\`); or a profile file of your own, relative to the plan (\`profile: ./my-os.yaml\`, shaped by \`bootplan schema profile\`).`,
    { failing: plan('libraries: {}\n', 'profile: unikraf@0.17\ntarget: qemu/x86_64\n'), fixed: plan('libraries: {}\n') }),
  reported('unknown-target', false, 'the target is missing or not a platform of the profile',
    `Profiles with platforms need \`target: platform/arch\`; Unikraft boots on qemu/x86_64 (multiboot), fc/x86_64 (Linux boot protocol), qemu/arm64 (device tree) and xen/x86_64 (PVH). Each platform has its own entry steps.`,
    { failing: plan('libraries: {}\n', 'profile: unikraft@0.17\ntarget: qemu/x86\n'), fixed: plan('libraries: {}\n') }),
  reported('unknown-level', false, 'a level the table does not have',
    `An initcall's level must be one of its table's levels, by name or number (Unikraft: early 1, plat 2, lib 3, rootfs 4, sys 5, late 6; Linux: early, pure 0 ... late 7 and the _sync variants; Zephyr: EARLY ... APPLICATION). Constructors have no level.`,
    { failing: lib('{ fn: a_init, level: rootf }'), fixed: lib('{ fn: a_init, level: rootfs }') }),
  reported('unknown-table', false, 'the profile has no such registration table',
    `A library registers into a table the profile does not have: constructors in Linux or Zephyr, for instance, or GCC constructors where the profile has none. The message lists the tables the profile has; register the function in one of those (usually an initcall at the earliest level).`,
    { failing: plan('libraries:\n  a:\n    ctors: [{ fn: a_ctor }]\n', 'profile: linux@6.1\n'), fixed: plan('libraries:\n  a:\n    initcalls: [{ fn: a_ctor, level: early }]\n', 'profile: linux@6.1\n') }),
  reported('unknown-entry-ref', false, 'after, before or a symbolic priority names no entry',
    `\`after\`, \`before\` and symbolic priorities (\`after(LIB.FN)\`, \`before(LIB.FN)\`) name other entries as \`library.function\` (term-only entries by their term function). A name that matches no entry is an error rather than a silently missing requirement; the message suggests the nearest entry.`,
    { failing: plan('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 9, after: [a.a_int] }\n'),
      fixed: plan('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0 }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 9, after: [a.a_init] }\n') }),
  reported('prio-out-of-range', false, 'a priority the linker cannot place',
    `Unikraft pastes the priority into a section name (\`.uk_inittab<class><prio>\`) that the linker script collects with a one-digit pattern. A priority outside 0..9, or a token that is not a number (an undefined macro such as UK_FS_PRIO_FSAVAIL), makes a section name the pattern does not match: the linker keeps it outside the table and the entry silently never runs — that is how devfs's registrations vanished in unikraft#1231 and #1838. \`after(X)\`/\`before(X)\` beyond the range is UK_PRIO_AFTER(9)/UK_PRIO_BEFORE(0), a compile error. bootplan reports it and treats the entry as dropped, so whatever needed it is reported too.`,
    { failing: lib('{ fn: a_init, level: rootfs, prio: 10 }'), fixed: lib('{ fn: a_init, level: rootfs, prio: 9 }') }),
  reported('duplicate-library', false, 'a library is defined in two files',
    `Two files (a plan and a catalog it includes, or two catalogs) define the same library. bootplan does not merge them silently, because which registrations win would depend on include order. Keep each library in one file, or rename one of them.`),
  reported('duplicate-device', false, 'two devices share a tag',
    `Device tags name the device in mounts (\`fs0\`), on the command line (\`vfs.fstab\`) and in capabilities (\`dev:fs0\`), so two devices with one tag would make every mount of it ambiguous; they must be unique.`,
    { failing: plan('libraries: {}\ndevices:\n  - { kind: virtio-9p, tag: fs0 }\n  - { kind: virtio-9p, tag: fs0 }\n'), fixed: plan('libraries: {}\ndevices:\n  - { kind: virtio-9p, tag: fs0 }\n  - { kind: virtio-9p, tag: fs1 }\n') }),
  reported('bad-cmdline', false, 'the command line cannot be parsed',
    `Library parameters before \`--\` must read \`lib.param=value\`; \`vfs.fstab\` entries must read \`dev:mountpoint:driver[:flags[:opts[:ukopts]]]\`; quotes and brackets must close.`,
    { failing: plan('libraries: {}\ncmdline: \'vfs.fstab=["fs0:9pfs"] --\'\n'), fixed: plan('libraries: {}\ncmdline: \'vfs.fstab=["fs0:/:9pfs"] --\'\n') }),
  reported('term-unsupported', false, 'a term function in a profile without term functions',
    `Term functions exist in Unikraft from 0.16 on (the init table holds init/term pairs). In 0.13 and in Linux and Zephyr there are none, so a term function would never run.`,
    { failing: plan('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, term: a_term }\n', 'profile: unikraft@0.13\ntarget: qemu/x86_64\n'),
      fixed: plan('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\n  app:\n    main: {}\n', 'profile: unikraft@0.13\ntarget: qemu/x86_64\n') }),
  reported('term-exit-unsupported', false, 'a term function writes the exit status where the term context cannot hold it',
    `Unikraft after 0.17 passes term functions the context \`{ exit_code, target }\` and a term function may write \`exit_code\`: the image ends with the status the last term to run wrote (terms run in reverse table order, so the earliest entry that writes one has the last word; lib/ukboot/boot.c, then "Unikraft terminates with exit status"). In 0.17 the context is \`const struct uk_term_ctx *\` holding only the target (include/uk/init.h), so \`term: { fn, exit: N }\` would change nothing. The profile's \`exitStatus\` declares which profiles have it.`,
    { failing: plan('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, term: { fn: a_term, exit: 3 } }\n'),
      fixed: plan('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, term: { fn: a_term, exit: 3 } }\n', 'profile: unikraft@0.21\ntarget: qemu/x86_64\n') }),
  reported('value-out-of-range', false, 'a size or a duration bootplan cannot count exactly, or one no boot has',
    `Sizes (\`memory\`, \`alloc\`, an \`alloc\` effect's \`size\`) are whole bytes and durations (\`cost\`) whole nanoseconds, read exactly from the decimal digits and the unit. A value that is a fraction of the base unit (\`0.1Ki\` is 102.4 bytes), one past 2^53 − 1 (where the sums of the out-of-memory rule and the virtual clock stop being exact), an entry's allocations that add up past it, or a \`cost\` longer than a day is an error at the field: read silently, it would have been rounded, dropped to 0 or wrapped, and the plan would check clean and boot with a number nobody wrote.`,
    { failing: lib('{ fn: a_init, level: lib, prio: 0, alloc: 99999999999999999Gi }'), fixed: lib('{ fn: a_init, level: lib, prio: 0, alloc: 64Ki }') }),
  reported('host-folder-special', true, 'a host folder the machine would read is on a special filesystem',
    `A 9p share's \`hostdir\` and a folder given as \`initrd:\` are read by the emulated machine (a snapshot; a cpio packed in memory). Files of /proc, /sys, debugfs, cgroup and the other pseudo filesystems report a size of 0 and have no end, or block when read, so \`run\` would hang: such a folder, or one that holds one (\`hostdir: /\` holds /proc), is refused before anything is read, with exit 2 at the field. Share a folder of regular files.`),
  reported('host-folder-too-big', true, 'a host folder holds more than the machine reads',
    `A 9p share or a rootfs folder is read whole into the emulator's memory, within bounds: 100,000 entries and 256 MiB of file contents (512 MiB for an initrd folder), the bytes counted as they are read rather than taken from \`stat\`. A larger tree (a home folder, \`/usr\`) stops \`run\` with exit 2 at the field that named it, instead of filling the memory. Share the folder the guest needs.`),
  reported('host-folder-too-deep', true, 'a host folder is nested deeper than the machine reads',
    `Host folders are walked iteratively, at most 128 folders deep; symbolic links are copied as links and never followed, so a link loop costs one entry, not a walk without end. A tree nested deeper stops \`run\` with exit 2 at the field that named it.`),
  reported('extends-too-deep', true, 'an `extends` chain longer than any real one',
    `A plan may \`extends\` a plan that extends another, and so on: the import, a team's overlay, a product's. bootplan follows at most 256 plans of such a chain (each is read, validated and overlaid in turn), so that a chain generated by mistake, or one of thousands of files, stops with this error at the \`extends\` key of the plan past the bound instead of loading without end. Extend the import directly and put the overlays in one file.`),
  reported('language-version', true, 'a language 1.1 feature in a `bootplan: 1` file',
    `The plan language is versioned by the file's first key. Version 1.1 adds \`extends\` and \`overlay\` (a plan built on an imported one), \`fragment: true\` (a file meant only for inclusion) and \`evidence\` (why an entry uses what it uses). A file that says \`bootplan: 1\` and uses one of them is an error at the key, so a plan never silently needs a newer reader than it names. Every version 1 plan means the same at 1.1: change the first line to \`bootplan: 1.1\`. A fragment without \`bootplan\` is read at the version of the plan that includes it.`,
    { failing: plan('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [alloc], evidence: [{ uses: alloc, at: a.c:3, call: uk_malloc }] }\n'),
      fixed: plan11('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [alloc], evidence: [{ uses: alloc, at: a.c:3, call: uk_malloc }] }\n') }),
  reported('overlay-unknown-entry', false, 'an overlay names an entry the plan does not have',
    `An \`overlay\` (language 1.1) changes entries of the plan it \`extends\` (or of its own libraries) by id: \`LIB.FN\`, \`LIB.main\`, or a term-only entry's \`LIB.TERM\`. When the base is a re-import and the library or function was renamed or dropped, the overlay would silently change nothing, so it is an error at the overlay's key, with the nearest id and the library's entries.`,
    { failing: plan11('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\noverlay:\n  a.a_int: { cost: 2ms }\n'),
      fixed: plan11('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\noverlay:\n  a.a_init: { cost: 2ms }\n') }),
  reported('profile-mismatch', false, 'a plan and the plan it extends name different profiles',
    `A plan that \`extends\` another inherits its profile; its own \`profile\`, if given, must be the same boot model (\`unikraft\` and \`unikraft@0.17\` are the same). Levels, priorities and core steps differ between profiles, so the base's entries would mean something else. Leave \`profile\` out of the extending plan, or extend a plan of the profile you want.`),
  reported('evidence-mismatch', false, 'an evidence item backs nothing the entry has',
    `Each \`evidence\` item (language 1.1) says exactly one of \`uses\`, \`provides\` or \`effect\`, and it must back something the entry has: a capability it uses (its \`uses\` or an effect's contract), one it provides, an effect kind it carries; on a term function, one of the term's \`uses\`. Evidence for something the plan does not state would be shown under diagnostics it has nothing to do with. An overlay that removes a use removes the evidence for it.`,
    { failing: plan11('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, evidence: [{ uses: alloc, at: lib/a/a.c:3, call: uk_malloc }] }\n'),
      fixed: plan11('libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [alloc], evidence: [{ uses: alloc, at: lib/a/a.c:3, call: uk_malloc }] }\n') }),
  { code: 'fragment', severity: 'note', input: true, title: 'a file meant only for inclusion, given as a plan',
    doc: `A file that says \`fragment: true\` (language 1.1: a catalog of libraries, an import's parts, an overlay to include) has no boot of its own. \`bootplan check\` given one — directly, or because a shell glob such as \`specs/plans/unikraft/lib/*.yaml\` matched it — checks its shape and skips it with this note: it is checked through the plans that include it. A file without the mark (language 1.0) that is no plan on its own gets the same note when another plan of the same run includes it, as a folder or a glob over a project's plans gives both. The commands that need a boot (compile, run, graph) refuse it (exit 2).` } as Rule,
  reported('bad-config', true, 'the project config file is wrong',
    `The nearest \`bootplan.config.yaml\` (or \`.bootplanrc.yaml\`) above the plan sets rule severities: \`rules:\` mapping rule codes to off, note, warning or error. A key it does not know, a rule code that does not exist, a level that is none of the four, or a rule that reports unreadable input (whose severity cannot change) is refused at its line, and the run stops with exit 2: a config that is silently half-applied would hide findings nobody chose to hide.`),
  { code: 'findings-capped', severity: 'note', title: 'more findings of one rule than are listed',
    doc: `A plan with more than ${CAP} findings of one rule (a chain of a hundred thousand \`after\` at one key, one function registered a million times) gets the first ${CAP} listed — each with its witness, location and fix — and one note with the count of the rest, at the first finding left out, as C compilers stop listing errors past \`-fmax-errors\`. Listing every one takes gigabytes, and they are nearly always one mistake repeated. The exit code is the same: the findings are there, only not listed. \`check --max-findings N\` sets the bound, \`--max-findings all\` lists every one.` } as Rule,
  { code: 'unused-allow', severity: 'warning', title: 'an allow comment accepts no finding',
    doc: `\`# bootplan-allow: CODE\` on an entry's line (or on a comment line just above it) accepts the findings of rule CODE on that entry on purpose. When nothing there reports CODE — the finding was fixed, the entry moved, or the code is misspelt — the allow is reported, so that allows do not outlive what they were written for and a later finding is not hidden by a stale one. Remove the allow, or move it to the entry that reports the rule. A misspelling of a rule the entry does report is named (\`rase\`: did you mean \`race\`?), and \`check --fix\` corrects the code rather than removing the allow. Allows in included files are not reported: a catalog's allow may be meant for another plan that includes it.` } as Rule,
];

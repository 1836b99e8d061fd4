/** The head of every Unikraft example plan in the rules' docs (what `bootplan explain` prints). */
export const UNIKRAFT_EXAMPLE = `bootplan: 1
name: example
profile: unikraft@0.17
target: qemu/x86_64
`;

/**
 * The head of every Luna example: a ramdisk with /bin/preinit, a root partition with init, and the
 * kernel handing over to PID 1; each rule's example adds its own programs and files below.
 */
export const LUNA_EXAMPLE = `bootplan: 1
name: example
profile: luna
kernel:
  start:
    - { name: init-threading, provides: [sched] }
    - { spawn: { thread: kinit } }
  threads:
    kinit:
      - { mount: { fs: initrd, at: / } }
      - { scan-disks: {} }
      - { spawn: { path: /bin/preinit, pid: 1 } }
      - { exit: 0 }
`;
export const LUNA_IMAGES = `ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /dev: { dir: true }
    /osroot: { dir: true }
disks:
  - name: cd0
    partitions:
      - { fs: ext2, files: { /EFI: { dir: true } } }
      - fs: ext2
        files:
          /usr/bin/init: { mode: '0755' }
          /mnt: { dir: true }
          /dev: { dir: true }
          /tmp: { dir: true, mode: '1777' }
          /etc/passwd: "root:x:0:0::/:/bin/sh\\nselene:x:1000:1000::/:/bin/sh\\n"
          /etc/group: "root:x:0:\\nwsys:x:3:\\nselene:x:1000:\\n"
`;

/** preinit's steps that mount the root partition on /osroot (through devfs's /dev/cd0p2). */
export const MOUNT_ROOT = `    - { mount: { fs: devfs, at: /dev } }
    - { mount: { fs: ext2, dev: /dev/cd0p2, at: /osroot } }
    - { umount: /dev }
`;

/** MOUNT_ROOT, then the pivot onto the root partition, the ramdisk kept under /mnt. */
export const PIVOT_ROOT = `${MOUNT_ROOT}    - { pivot-root: { new: /osroot, old: /osroot/mnt } }
`;

/** preinit's way onto the root partition, as the seed describes it. */
export const TO_ROOT = `${PIVOT_ROOT}    - { umount: /mnt }
    - { mount: { fs: devfs, at: /dev } }
    - { exec: /usr/bin/init }
`;

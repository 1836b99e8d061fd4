/** The head of every Unikraft example plan in the rules' docs (what `bootplan explain` prints). */
export const UNIKRAFT_EXAMPLE = `bootplan: 1
name: example
profile: unikraft@0.17
target: qemu/x86_64
`;

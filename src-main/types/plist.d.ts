// plist 3.x ships no types; the one function the policy reader uses.
declare module 'plist' {
  const plist: { parse(xml: string): unknown };
  export default plist;
}

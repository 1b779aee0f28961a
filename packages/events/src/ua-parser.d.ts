// Types for the parts of ua-parser-js 1.x (MIT) used here; the package ships none.
declare module 'ua-parser-js' {
  interface UAResult {
    browser: { name?: string; version?: string }
    os: { name?: string; version?: string }
    device: { type?: string; vendor?: string; model?: string }
  }
  export default class UAParser {
    constructor(ua?: string)
    getResult(): UAResult
  }
}

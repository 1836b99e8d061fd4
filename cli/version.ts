/** The version `bootplan --version` prints and reports name (SARIF `tool.driver.version`). */
export const VERSION = '0.1.0';

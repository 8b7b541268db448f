// Billink's wire amounts use the shared cents ⇄ decimal conversion (also used by the browser).
export { centsToDecimal, decimalToCents } from '../../shared/money.js';

declare module 'currency-codes/data.js' {
  const list: { code: string; number: string; digits: number; currency: string; countries: string[] }[]
  export default list
}

"""ISO 4217 currency codes and their minor units (how many decimals an amount is written with).

Notes:
The active codes of ISO 4217's list one (2025), less the precious metals, testing and special
drawing codes, which have no minor unit. Amounts are kept to the cent whatever the currency; the
minor unit only says how they are written (a yen amount has no decimals, a dinar's three).
"""

from __future__ import annotations

DEFAULT = "USD"  # Toggl's and Clockify's default too

_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_FOUR = "CLF UYW"
_TWO = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD "
    "CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS "
    "GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL "
    "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK "
    "PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
    "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG"
)

MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_TWO.split(), 2),
    **dict.fromkeys(_ZERO.split(), 0),
    **dict.fromkeys(_THREE.split(), 3),
    **dict.fromkeys(_FOUR.split(), 4),
}


def is_currency(code: str) -> bool:
    return code in MINOR_UNITS


def decimals(code: str) -> int:
    return MINOR_UNITS.get(code, 2)


def format_amount(amount: float, code: str) -> str:
    """``1234.5`` in ``EUR`` as ``EUR 1,234.50``: the code, not a symbol, which would be ambiguous
    ($ is the dollar of a dozen countries) in a document sent across borders."""
    return f"{code} {amount:,.{decimals(code)}f}"

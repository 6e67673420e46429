"""Chinese numerals as official documents write them (第八届, 第十八届, 第三次会议)."""

DIGITS = "零一二三四五六七八九"


def chinese_number(value: int) -> str:
    """Write 1-999 in Chinese numerals: 8 -> 八, 18 -> 十八, 21 -> 二十一, 105 -> 一百零五."""
    if not 0 < value < 1000:
        return str(value)
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    text = ""
    if hundreds:
        text += DIGITS[hundreds] + "百"
        if tens == 0 and ones:
            return text + "零" + DIGITS[ones]
    if tens:
        text += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    if ones:
        text += DIGITS[ones]
    return text

"""The Products API's request rules, as a Python team would write them: the same fields, limits and messages
as the Swift service (Sources/Products/Validation, Requests). Every problem is collected, so one 400 names
them all."""

from decimal import Decimal, InvalidOperation

NAME_LENGTH = (1, 200)
DESCRIPTION_LENGTH = (0, 2000)
CATEGORY_LENGTH = (1, 100)
TAG_LENGTH = (1, 50)
MAXIMUM_TAGS = 20
MAXIMUM_PRICE = Decimal("999999999999.99")
MAXIMUM_BODY_BYTES = 64 * 1024
PAGE_SIZES = (1, 100)
DEFAULT_PAGE_SIZE = 20
WRITABLE = ("name", "description", "price", "category", "inventoryCount", "tags")
READ_ONLY = ("productId", "createdAt", "updatedAt", "version")
_HEX = set("0123456789abcdef")


class RequestError(Exception):
    """An answer other than success: status, machine code, client message, optional details and headers."""

    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message, self.details, self.headers = status, code, message, details, headers or {}


class FieldErrors:
    def __init__(self):
        self.all = []

    def add(self, field, message):
        self.all.append({"field": field, "message": message})

    def raise_if_any(self):
        if self.all:
            raise RequestError(400, "ValidationFailed", "The request is invalid; see details.", details=self.all)


def _is_number(value):
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def text(value, field, length, not_blank, errors):
    if not isinstance(value, str):
        errors.add(field, "must be a string")
        return None
    if len(value) < length[0]:
        errors.add(field, "must not be empty")
        return None
    if len(value) > length[1]:
        errors.add(field, f"must be at most {length[1]} characters")
        return None
    if not_blank and value.isspace():
        errors.add(field, "must not be blank")
        return None
    return value


def name(value, errors):
    return text(value, "name", NAME_LENGTH, True, errors)


def description(value, errors):
    return text(value, "description", DESCRIPTION_LENGTH, False, errors)


def category(value, errors):
    return text(value, "category", CATEGORY_LENGTH, True, errors)


def price(value, errors):
    if not _is_number(value):
        errors.add("price", "must be a number")
        return None
    price = Decimal(value).normalize() if value != 0 else Decimal(0)
    before = len(errors.all)
    if price < 0:
        errors.add("price", "must be at least 0")
    if -price.as_tuple().exponent > 2:
        errors.add("price", "must have at most 2 decimal places")
    if price >= 0 and price > MAXIMUM_PRICE:
        errors.add("price", f"must be at most {MAXIMUM_PRICE}")
    return price if len(errors.all) == before else None


def _integer(value, field, minimum, errors):
    if not _is_number(value) or Decimal(value) != Decimal(value).to_integral_value():
        errors.add(field, "must be an integer")
        return None
    integer = int(value)
    if integer < minimum:
        errors.add(field, f"must be at least {minimum}")
        return None
    if integer > 2**63 - 1:
        errors.add(field, f"must be at most {2**63 - 1}")
        return None
    return integer


def inventory_count(value, errors):
    return _integer(value, "inventoryCount", 0, errors)


def version(value, errors):
    return _integer(value, "version", 1, errors)


def tags(value, errors):
    if not isinstance(value, list):
        errors.add("tags", "must be an array of strings")
        return None
    before = len(errors.all)
    if len(value) > MAXIMUM_TAGS:
        errors.add("tags", f"must have at most {MAXIMUM_TAGS} tags")
    result = []
    for index, element in enumerate(value):
        tag = text(element, f"tags[{index}]", TAG_LENGTH, False, errors)
        if tag is None:
            continue
        if tag in result:
            errors.add(f"tags[{index}]", f"duplicates tags[{result.index(tag)}]: tags must be unique")
        result.append(tag)
    return result if len(errors.all) == before else None


def _check_members(body, allow_version, errors):
    for key in body:
        if key not in WRITABLE and not (allow_version and key == "version"):
            errors.add(key, "is read-only" if key in READ_ONLY else "is not a known field")


def _present(field, value, rule, errors):
    if value is None:
        errors.add(field, "must not be null")
        return None
    return rule(value, errors)


def fields(body, allow_version, errors):
    """POST and PUT: every required field; an absent optional one means none. None when invalid."""
    _check_members(body, allow_version, errors)
    before = len(errors.all)
    values = {}
    for field, rule in (("name", name), ("price", price), ("category", category)):
        if field not in body:
            errors.add(field, "is required")
        else:
            values[field] = _present(field, body[field], rule, errors)
    values["description"] = description(body["description"], errors) if body.get("description") is not None else None
    values["tags"] = (tags(body["tags"], errors) if body.get("tags") is not None else None) or []
    values["inventoryCount"] = 0
    if "inventoryCount" in body:
        values["inventoryCount"] = _present("inventoryCount", body["inventoryCount"], inventory_count, errors) or 0
    return values if len(errors.all) == before else None


def patch(body, errors):
    """PATCH: only what is present; None removes description or tags. A dict of changes (None = remove)."""
    _check_members(body, True, errors)
    before = len(errors.all)
    changes = {}
    for field, rule in (("name", name), ("price", price), ("category", category), ("inventoryCount", inventory_count)):
        if field in body:
            changes[field] = _present(field, body[field], rule, errors)
    if "description" in body:
        changes["description"] = None if body["description"] is None else description(body["description"], errors)
    if "tags" in body:
        value = None if body["tags"] is None else tags(body["tags"], errors)
        changes["tags"] = value or None
    if len(errors.all) != before:
        return None
    if not changes:
        errors.add("body", f"must contain at least one field to change ({', '.join(WRITABLE)})")
        return None
    return changes


# `If-Match: *` (RFC 9110): any current version, as long as the product exists.
ANY_VERSION = "*"


def if_match(value, errors):
    """`"3"`, `3` or `W/"3"`: the version a write expects; `*`: any."""
    tag = value.strip(" \t")
    if tag == ANY_VERSION:
        return ANY_VERSION
    if tag.startswith("W/"):
        tag = tag[2:]
    if len(tag) >= 2 and tag[0] == '"' and tag[-1] == '"':
        tag = tag[1:-1]
    if not tag or not tag.isascii() or not tag.isdigit() or int(tag) < 1:
        errors.add("If-Match", 'must be one version as an entity tag, e.g. "3"')
        return None
    return int(tag)


def expected_version(header, body, errors):
    header_version = if_match(header, errors) if header is not None else None
    if header_version == ANY_VERSION:
        return ANY_VERSION
    body_version = version(body["version"], errors) if "version" in body else None
    if header_version is not None and body_version is not None and header_version != body_version:
        errors.add("version", f"is {body_version} but If-Match says {header_version}; send one or make them agree")
        return None
    return header_version if header_version is not None else body_version


def idempotency_key(value, errors):
    raw = value.encode("utf-8")
    if not 1 <= len(raw) <= 255 or any(byte < 0x21 or byte > 0x7E for byte in raw):
        errors.add("Idempotency-Key", "must be 1 to 255 visible ASCII characters")
        return None
    return value


def is_product_id(value):
    """UUID v4 text, lowercase: anything else cannot be one of ours."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    for index, char in enumerate(value):
        if index in (8, 13, 18, 23):
            if char != "-":
                return False
        elif char not in _HEX:
            return False
    return value[14] == "4" and value[19] in "89ab"


def is_json_media_type(content_type):
    parts = content_type.split(";")
    essence = parts[0].strip(" \t").lower()
    if essence != "application/json" and not (essence.startswith("application/") and essence.endswith("+json")):
        return False
    for parameter in parts[1:]:
        key, sep, value = parameter.partition("=")
        if not sep or key.strip(" \t").lower() != "charset":
            continue
        charset = value.strip(" \t").lower()
        if len(charset) >= 2 and charset[0] == '"' and charset[-1] == '"':
            charset = charset[1:-1]
        if charset not in ("utf-8", "utf8"):
            return False
    return True


def list_query(query, errors):
    limit = DEFAULT_PAGE_SIZE
    if query.get("limit") is not None:
        raw = query["limit"]
        if raw.isascii() and raw.isdigit() and PAGE_SIZES[0] <= int(raw) <= PAGE_SIZES[1]:
            limit = int(raw)
        else:
            errors.add("limit", f"must be an integer from {PAGE_SIZES[0]} to {PAGE_SIZES[1]}")
    listing = None
    if query.get("category") is not None:
        listing = category(query["category"], errors)
    return listing, limit, query.get("cursor")


def parse_decimal(text_value):
    try:
        return Decimal(text_value)
    except InvalidOperation:
        return None

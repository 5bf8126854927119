"""Every operation of the OpenAPI schema documents its request and its answer with an example.

The examples live in inspectorate/api/examples.py; a new endpoint without one fails here. Each
example names only fields its component has, and gives every required field.
"""

import pytest
from drf_spectacular.generators import SchemaGenerator

from inspectorate.api import examples


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _component(schema, ref_or_schema: dict) -> tuple[str, dict]:
    ref = ref_or_schema.get("$ref") or ref_or_schema.get("items", {}).get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    return name, schema["components"]["schemas"].get(name, {})


def _has_example(schema, content: dict) -> bool:
    if "example" in content or "examples" in content:
        return True
    media = content.get("schema", {})
    if "example" in media:
        return True
    _, component = _component(schema, media)
    return "example" in component


def _without_example(schema) -> list[str]:
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            bodies = operation.get("requestBody", {}).get("content", {})
            answers = [
                content
                for code, response in operation.get("responses", {}).items()
                if str(code).startswith("2")
                for content in response.get("content", {}).values()
            ]
            if not answers and not bodies:
                missing.append(f"{method.upper()} {path}: nothing to show an example of")
            for kind, contents in (("request", bodies.values()), ("response", answers)):
                if not all(_has_example(schema, content) for content in contents):
                    missing.append(f"{method.upper()} {path}: {kind}")
    return missing


def test_every_operation_has_an_example_of_its_request_and_answer(schema):
    assert len(schema["paths"]) > 40
    assert _without_example(schema) == [], "add examples to inspectorate/api/examples.py"


def test_the_check_notices_a_missing_example(schema):
    import copy

    broken = copy.deepcopy(schema)
    del broken["components"]["schemas"]["Region"]["example"]
    assert "GET /api/v1/regions/{id}/: response" in _without_example(broken)


def test_examples_fit_their_components(schema):
    components = schema["components"]["schemas"]
    for name, component in components.items():
        example = component.get("example")
        if example is None or "properties" not in component:
            continue
        unknown = set(example) - set(component["properties"])
        assert unknown == set(), f"{name}: the example has fields the component lacks"
        required = set(component.get("required", [])) - set(example)
        assert required == set(), f"{name}: the example lacks required fields"


def test_no_example_is_left_over():
    names = set(SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"])
    assert set(examples.EXAMPLES) - names == set(), "examples of components the schema no longer has"

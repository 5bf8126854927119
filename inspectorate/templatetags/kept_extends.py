"""Django's ``{% extends %}``, the root template's blocks found once per compiled template.

Loaded as a builtin (settings: TEMPLATES' ``builtins``), in place of Django's tag. On every render
Django's node walks its root template's whole tree (``get_nodes_by_type(BlockNode)``) to list the
blocks a child may fill: for ``base.html`` that is some 130 nodes, about 0.1 ms of every page.
A compiled template's nodes do not change after it is parsed, so the list is kept on the template
itself (``_root_blocks``): with the cached loader once per process, without it once per load.
Everything else is Django's own render.
"""

from django import template
from django.template.base import TextNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends

register = template.Library()

_ROOT_BLOCKS = "_root_blocks"  # attribute of a compiled template: its blocks if it is a root, else None


def root_blocks(compiled: template.Template) -> dict[str, BlockNode] | None:
    """The blocks of ``compiled`` by name if it extends nothing (as Django's render finds them), else None."""
    try:
        return compiled.__dict__[_ROOT_BLOCKS]
    except KeyError:
        pass
    blocks = None
    for node in compiled.nodelist:
        # The ExtendsNode has to be the first non-text node.
        if not isinstance(node, TextNode):
            if not isinstance(node, ExtendsNode):
                blocks = {n.name: n for n in compiled.nodelist.get_nodes_by_type(BlockNode)}
            break
    compiled.__dict__[_ROOT_BLOCKS] = blocks
    return blocks


class KeptExtendsNode(ExtendsNode):
    def render(self, context):
        compiled_parent = self.get_parent(context)

        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]

        # Add the block nodes from this node to the block context
        block_context.add_blocks(self.blocks)

        # A root parent's own blocks too (add_blocks reads the dict, never changes it).
        blocks = root_blocks(compiled_parent)
        if blocks is not None:
            block_context.add_blocks(blocks)

        # Call Template._render explicitly so the parser context stays the same.
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag("extends")
def kept_extends(parser, token):
    node = do_extends(parser, token)
    node.__class__ = KeptExtendsNode
    return node

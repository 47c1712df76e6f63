"""Small-cell suppression for a published table with its totals. Pure Python, no Django.

A table of counts is published with its row totals, column totals and grand total. Every
count from 1 to `threshold - 1` is hidden (primary suppression), and then further cells
(secondary suppression) so that no hidden cell can be recomputed from what is shown.

Why the cycle rule is enough: write the table with its totals as an (r+1) x (c+1) grid in
which each row and each column "balances" (the cells minus the total are zero). The hidden
cells are the unknowns; each row and each column gives one linear equation. Seen as a graph
(a node per grid row and per grid column, an edge per hidden cell), the equations are that
graph's incidence matrix, whose solutions differ by alternating sums around cycles. A hidden
cell is therefore fixed by the published figures exactly when its edge lies on no cycle,
i.e. when it is a bridge. So we hide extra cells until the graph has no bridge; subtraction
("the row total minus the shown cells") is the special case of a node with one hidden edge.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 10

Cell = tuple[int, int]  # (row, column) in the grid with totals: row r / column c are the totals
Node = tuple[str, int]  # ("r", row) or ("c", column) in the graph of hidden cells
Frame = tuple[Node, "Cell | None", Iterator[tuple[Node, Cell]]]  # node, edge we came by, neighbours left


@dataclass(frozen=True)
class SuppressedTable:
    """The grid with totals (`values[i][c]` row totals, `values[r][j]` column totals,
    `values[r][c]` the grand total) and which of its cells are hidden."""

    values: tuple[tuple[int, ...], ...]
    primary: frozenset[Cell]
    secondary: frozenset[Cell]

    @property
    def hidden(self) -> frozenset[Cell]:
        return self.primary | self.secondary

    def shown(self, row: int, column: int) -> int | None:
        """The published value, or None when the cell is hidden."""
        return None if (row, column) in self.hidden else self.values[row][column]

    def published(self) -> list[list[int | None]]:
        return [[self.shown(i, j) for j in range(len(row))] for i, row in enumerate(self.values)]


def with_totals(counts: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """The grid of `counts` with a column of row totals and a row of column totals added."""
    if not counts or not counts[0]:
        raise ValueError("a table needs at least one row and one column")
    width = len(counts[0])
    if any(len(row) != width for row in counts):
        raise ValueError("every row needs the same number of cells")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("counts are never negative")
    rows = [(*row, sum(row)) for row in counts]
    totals = tuple(sum(row[j] for row in rows) for j in range(width + 1))
    return (*rows, totals)


def suppress(counts: Sequence[Sequence[int]], threshold: int = DEFAULT_THRESHOLD) -> SuppressedTable:
    """Hide every cell and total from 1 to threshold-1, and enough others that none of them
    can be recomputed from the shown cells and totals."""
    grid = with_totals(counts)
    primary = frozenset(
        (i, j) for i, row in enumerate(grid) for j, value in enumerate(row) if 0 < value < threshold
    )
    hidden = set(primary)
    while True:
        bridge = _first_bridge(hidden)
        if bridge is None:
            break
        hidden.add(_cheapest_cell(_cells_closing_a_cycle(bridge, hidden, grid), grid))
    return SuppressedTable(values=grid, primary=primary, secondary=frozenset(hidden - primary))


def _cost(cell: Cell, grid: tuple[tuple[int, ...], ...]) -> tuple[int, int, int, int, int]:
    """Prefer inner cells to totals, non-empty cells to zeros (a hidden zero protects little),
    then the smallest value (least information lost), then a fixed order."""
    i, j = cell
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    is_total = (i == last_row) + (j == last_col)
    value = grid[i][j]
    return (is_total, value == 0, value, i, j)


def _cheapest_cell(candidates: set[Cell], grid: tuple[tuple[int, ...], ...]) -> Cell:
    return min(candidates, key=lambda cell: _cost(cell, grid))


def _neighbours(hidden: set[Cell]) -> dict[Node, list[tuple[Node, Cell]]]:
    graph: dict[Node, list[tuple[Node, Cell]]] = {}
    for cell in sorted(hidden):
        row, col = ("r", cell[0]), ("c", cell[1])
        graph.setdefault(row, []).append((col, cell))
        graph.setdefault(col, []).append((row, cell))
    return graph


def _first_bridge(hidden: set[Cell]) -> Cell | None:
    """A hidden cell on no cycle of the row-column graph (Tarjan's bridge search), or None."""
    graph = _neighbours(hidden)
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    for start in sorted(graph):
        if start in order:
            continue
        # iterative depth-first search: (node, edge we came by, iterator over neighbours)
        order[start] = low[start] = len(order)
        stack: list[tuple[Node, Cell | None, Iterator[tuple[Node, Cell]]]] = [
            (start, None, iter(graph[start]))
        ]
        while stack:
            node, via, neighbours = stack[-1]
            advanced = False
            for neighbour, cell in neighbours:
                if cell == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, cell, iter(graph[neighbour])))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    return via
    return None


def _component(start: Node, hidden: set[Cell]) -> set[Node]:
    graph = _neighbours(hidden)
    seen, todo = {start}, [start]
    while todo:
        for neighbour, _cell in graph.get(todo.pop(), []):
            if neighbour not in seen:
                seen.add(neighbour)
                todo.append(neighbour)
    return seen


def _cells_closing_a_cycle(bridge: Cell, hidden: set[Cell], grid: tuple[tuple[int, ...], ...]) -> set[Cell]:
    """Cells whose hiding puts `bridge` on a cycle; failing that, cells that grow one of its
    dead ends (the loop in `suppress` then continues from there)."""
    row, col = bridge
    rest = hidden - {bridge}
    row_side = _component(("r", row), rest)
    col_side = _component(("c", col), rest)
    closing = {
        (a, b) for kind_a, a in col_side if kind_a == "r" for kind_b, b in row_side if kind_b == "c"
    } - hidden
    if closing:
        return closing
    growing = {(a, col) for a in range(len(grid)) if a != row} | {
        (row, b) for b in range(len(grid[0])) if b != col
    }
    return growing - hidden

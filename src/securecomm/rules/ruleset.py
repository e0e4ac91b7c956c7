"""A `RuleSet`: every parameter file, loaded once, looked up by name and date.

Rule functions never hold numbers of their own: they ask `ruleset.value(name, as_of)`, so the date
is always explicit and a reviewer can change a legal quantity by editing one YAML file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from securecomm.rules.errors import ParameterNotFound, RuleFileError
from securecomm.rules.loader import iter_parameter_files, load_parameter_file
from securecomm.rules.model import Confidence, DatedValue, Parameter, Reference, weakest

__all__ = ["RuleSet", "default_parameters_dir", "load_ruleset"]


def default_parameters_dir() -> Path:
    """The parameter tree shipped inside the package (src/securecomm/rules/parameters)."""
    return Path(str(resources.files("securecomm.rules").joinpath("parameters")))


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All parameters by dotted name (`dhs.ice.detainer.hold_terms`)."""

    parameters: Mapping[str, Parameter]
    root: Path

    def parameter(self, name: str) -> Parameter:
        """The parameter called `name`; a ParameterNotFound-style error names close matches."""
        try:
            return self.parameters[name]
        except KeyError:
            close = [n for n in self.parameters if n.split(".")[-1] == name.split(".")[-1]]
            hint = f"did you mean {', '.join(close)}?" if close else f"no file {name.replace('.', '/')}.yaml"
            raise RuleFileError(f"no parameter named {name!r}; {hint}", file=self.root) from None

    def dated(self, name: str, as_of: date) -> DatedValue:
        """The dated value of `name` in force on `as_of`, or ParameterNotFound(name, as_of, file)."""
        parameter = self.parameter(name)
        dated = parameter.at(as_of)
        if dated is None:
            first = parameter.values[0].effective_from.isoformat()
            raise ParameterNotFound(name, as_of, parameter.file, hint=f"its first value takes effect {first}")
        return dated

    def value(self, name: str, as_of: date) -> Any:
        """The value of `name` in force on `as_of`."""
        return self.dated(name, as_of).value

    def references(self, name: str, as_of: date) -> tuple[Reference, ...]:
        """The sources behind the value of `name` on `as_of` (file-level plus per-date)."""
        return self.parameter(name).references_at(as_of)

    def confidence(self, *names: str, as_of: date) -> Confidence:
        """The weakest confidence tag among the values of `names` in force on `as_of`."""
        return weakest(*(self.parameter(name).confidence_at(as_of) for name in names))

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters[name] for name in sorted(self.parameters))

    def __len__(self) -> int:
        return len(self.parameters)


def load_ruleset(directory: Path | None = None) -> RuleSet:
    """Load and validate every parameter file under `directory` (default: the shipped tree).

    Any malformed file stops the load with a RuleFileError naming file, line and key: a rule set
    is either whole or not used at all.
    """
    root = (directory or default_parameters_dir()).resolve()
    if not root.is_dir():
        raise RuleFileError("the parameters directory does not exist", file=root)
    parameters: dict[str, Parameter] = {}
    for path in iter_parameter_files(root):
        parameter = load_parameter_file(path, root=root, shown_as=_shown(path))
        parameters[parameter.name] = parameter
    if not parameters:
        raise RuleFileError("no parameter files (*.yaml) found", file=root)
    return RuleSet(parameters=parameters, root=root)


def _shown(path: Path) -> str:
    """File names in messages: `src/securecomm/rules/parameters/...` for shipped files, else as given."""
    try:
        inner = path.relative_to(default_parameters_dir().resolve())
    except ValueError:
        return path.as_posix()
    return (Path("src/securecomm/rules/parameters") / inner).as_posix()

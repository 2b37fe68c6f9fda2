"""Service lives of household gas appliances, hoses and meters (GB 17905-2008 and practice)."""

from .info import StandardInfo


class GasLifeTable:
    def __init__(self, data: dict):
        self.info = StandardInfo.from_data(data)
        self.appliances = data["appliances"]

    def limit(self, appliance: str, gas: str | None = None) -> tuple[float, str]:
        """(limit, unit) for an appliance on a gas supply; unit is 'years' or 'months'."""
        a = self.appliances.get(appliance)
        if a is None:
            raise ValueError(f"unknown appliance {appliance!r}")
        if "months" in a:
            return float(a["months"]), "months"
        years = a["years"]
        if gas in years:
            return float(years[gas]), "years"
        if "any" in years:
            return float(years["any"]), "years"
        return float(
            max(years.values())
        ), "years"  # gas not given: the most lenient, no false alarm

    def over_life(self, appliance: str, age: float, gas: str | None = None) -> bool:
        """Whether an age (in the appliance's unit) is past its service life."""
        limit, _unit = self.limit(appliance, gas)
        return float(age) > limit

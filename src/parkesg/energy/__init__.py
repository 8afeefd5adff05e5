"""Energy and carbon accounting: activity data → tce and tCO2 with cited coefficients
(``data/coefficients.yaml``), the park energy balance, the carbon inventory and the energy-flow
chart. The numbers are computed by the engine stage ``parkesg.engine.energy``; this package
loads and checks the coefficients, plans the stage and shapes its output."""

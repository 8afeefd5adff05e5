"""Enterprise ESG disclosures and the public disclosure portal (issue 19 items 1–2; Changzhou
action plan items 11 and 12: disclosure “可查詢、可追溯、可比較”, third-party assurance)."""

-- Queries researchers would otherwise write; LEFT JOINs keep one row per target, plan or excerpt.
-- Read by tracker/outputs/sqlite.py; every resource with foreign keys also gets a
-- RESOURCE_with_labels view, generated from its schema there.

CREATE VIEW targets_with_documents AS
SELECT t.*,
       CASE WHEN t.resolution_id IS NOT NULL THEN 'resolution' ELSE 'local_plan' END AS document_kind,
       COALESCE(t.resolution_id, t.local_plan_id) AS document_id,
       COALESCE(r.number, p.number) AS document_number,
       COALESCE(r.title_en, p.title_en) AS document_title_en,
       COALESCE(r.title_vi, p.title_vi) AS document_title_vi,
       COALESCE(r.date_issued, p.date_issued) AS document_date_issued,
       j.name_en AS jurisdiction_name_en,
       j.name_vi AS jurisdiction_name_vi,
       tp.name_en AS topic_name_en,
       tp.name_vi AS topic_name_vi
FROM targets AS t
LEFT JOIN resolutions AS r ON r.id = t.resolution_id
LEFT JOIN local_plans AS p ON p.id = t.local_plan_id
LEFT JOIN jurisdictions AS j ON j.id = t.jurisdiction
LEFT JOIN topics AS tp ON tp.id = t.topic;

CREATE VIEW local_plans_with_resolutions AS
SELECT p.*,
       j.name_en AS jurisdiction_name_en,
       j.name_vi AS jurisdiction_name_vi,
       i.name_en AS issuer_name_en,
       i.name_vi AS issuer_name_vi,
       r.number AS resolution_number,
       r.title_en AS resolution_title_en,
       r.title_vi AS resolution_title_vi,
       r.date_issued AS resolution_date_issued
FROM local_plans AS p
LEFT JOIN resolutions AS r ON r.id = p.implements
LEFT JOIN jurisdictions AS j ON j.id = p.jurisdiction
LEFT JOIN issuers AS i ON i.id = p.issuer;

CREATE VIEW news_excerpts_with_sources AS
SELECT e.*,
       s.outlet AS source_outlet,
       s.url AS source_url,
       s.published AS source_published,
       s.title_en AS source_title_en,
       s.title_vi AS source_title_vi,
       s.original_language AS source_original_language
FROM news_excerpts AS e
LEFT JOIN sources AS s ON s.id = e.source;

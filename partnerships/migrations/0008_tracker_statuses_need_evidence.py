from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0007_report_faithful_tracker_data")]
    operations = [
        migrations.AddConstraint(
            model_name='measure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['implemented', 'piloted']), _negated=True), models.Q(('evidence_url', ''), _negated=True), _connector='OR'), name='measure_status_has_evidence', violation_error_message='Link the evidence before calling a measure piloted or implemented.'),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('report_paragraphs', ''), ('sg_position', '')), models.Q(models.Q(('report_paragraphs', ''), _negated=True), models.Q(('sg_position', ''), _negated=True)), _connector='OR'), name='proposal_cited_with_position', violation_error_message="A proposal the report cites has its paragraphs and the Secretary-General's position; one it does not cite has neither."),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['implemented', 'piloted']), _negated=True), models.Q(('evidence_url', ''), _negated=True), _connector='OR'), name='proposal_status_has_evidence', violation_error_message='Link the evidence before calling a proposal piloted or implemented.'),
        ),
    ]

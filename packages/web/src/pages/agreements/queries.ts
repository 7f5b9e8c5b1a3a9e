import { queryOptions } from '@tanstack/react-query';
import type {
  AgreementAssessments,
  AgreementDetail,
  LearnerProfile,
  PlacementAgreements,
  VersionDetail,
} from '@tilts/shared';
import { api } from '../../lib/api.ts';

export const placementAgreementsQuery = (placementId: string) =>
  queryOptions({
    queryKey: ['agreements', 'placement', placementId],
    queryFn: () => api.get<PlacementAgreements>(`/api/placements/${placementId}/agreements`),
  });

export const agreementQuery = (id: string) =>
  queryOptions({
    queryKey: ['agreements', 'detail', id],
    queryFn: () => api.get<AgreementDetail>(`/api/agreements/${id}`),
  });

export const versionQuery = (id: string, version: number) =>
  queryOptions({
    queryKey: ['agreements', 'version', id, version],
    queryFn: () => api.get<VersionDetail>(`/api/agreements/${id}/versions/${version}`),
  });

export const assessmentsQuery = (id: string) =>
  queryOptions({
    queryKey: ['agreements', 'assessments', id],
    queryFn: () => api.get<AgreementAssessments>(`/api/agreements/${id}/assessments`),
  });

export const learnerProfileQuery = (userId: string) =>
  queryOptions({
    queryKey: ['learners', 'profile', userId],
    queryFn: () => api.get<LearnerProfile>(`/api/learners/${userId}/profile`),
  });

/** The links of a version's PDF in both languages. */
export function pdfLinks(base: string) {
  const sep = base.includes('?') ? '&' : '?';
  return { lv: `${base}${sep}lang=lv`, en: `${base}${sep}lang=en` };
}

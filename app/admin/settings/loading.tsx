import { PageLoading } from '@/app/_states/page-loading';

export default function Loading() {
  return <PageLoading what="admin" />;
}
